import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

/** @public */
export type StatusTone = 'bad' | 'warn' | 'good' | 'neutral';

/**
 * The tone of every status a Pier page shows: Argo CD sync and health, Datadog monitor and SLO
 * states, Pier's verdicts. A status not listed gets a plain chip.
 *
 * @public
 */
export const STATUS_TONES: Record<string, StatusTone> = {
  // Argo CD sync and health
  Synced: 'good',
  OutOfSync: 'warn',
  Healthy: 'good',
  Progressing: 'warn',
  Suspended: 'warn',
  Degraded: 'bad',
  Missing: 'bad',
  // Datadog monitors
  OK: 'good',
  Warn: 'warn',
  Alert: 'bad',
  'No Data': 'neutral',
  Ignored: 'neutral',
  Skipped: 'neutral',
  Unknown: 'neutral',
  // Datadog SLOs
  warning: 'warn',
  breached: 'bad',
  'no data': 'neutral',
  // Pier's verdicts on a service in a cluster
  healthy: 'good',
  attention: 'warn',
  degraded: 'bad',
  'not deployed': 'neutral',
  unknown: 'neutral',
};

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600, margin: 0 },
  bad: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warn: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  good: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  neutral: {
    backgroundColor: theme.palette.grey[600],
    color: theme.palette.common.white,
  },
}));

/** @public */
export interface StatusChipProps {
  status: string;
  /** The tone, when the status is not one of `STATUS_TONES` or means something else here. */
  tone?: StatusTone;
  /** Outlined: a status that is not known (e.g. "status unknown"). */
  outlined?: boolean;
}

/**
 * A status as a coloured chip: red for bad, amber for what needs a look, green for good.
 *
 * @public
 */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  const tone = props.tone ?? STATUS_TONES[props.status];
  return (
    <Chip
      size="small"
      label={props.status}
      variant={props.outlined ? 'outlined' : 'default'}
      className={`${classes.chip} ${
        tone && !props.outlined ? classes[tone] : ''
      }`}
      data-tone={props.outlined ? undefined : tone}
    />
  );
}
