import { ErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/LockOutlined';
import { isRefusal, refusalMessage } from './refusal';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'flex-start',
    padding: theme.spacing(2, 3),
    borderLeft: `4px solid ${theme.palette.info.main}`,
  },
  icon: { color: theme.palette.info.main, marginTop: 2 },
}));

/** @public */
export interface RefusedPanelProps {
  /** The refusal text: why, and who can grant it (the permission table's `refusal`). */
  reason: string;
  /** What was refused, e.g. "The organisation-wide cost dashboard". */
  what?: string;
}

/**
 * "Not available to you": what a person sees instead of a page or card Pier refuses them, with
 * the reason and who can grant it. Calm, not an error: nothing failed.
 *
 * @public
 */
export function RefusedPanel(props: RefusedPanelProps) {
  const classes = useStyles();
  return (
    <Paper
      variant="outlined"
      className={classes.root}
      role="region"
      aria-label="Not available to you"
      data-testid="refused-panel"
    >
      <LockIcon className={classes.icon} />
      <Box>
        <Typography variant="h6" component="h2">
          Not available to you
        </Typography>
        {props.what && (
          <Typography variant="body2" color="textSecondary">
            {props.what}
          </Typography>
        )}
        <Typography variant="body1" style={{ marginTop: 8 }}>
          {props.reason}
        </Typography>
      </Box>
    </Paper>
  );
}

/** @public */
export interface RefusalOrErrorPanelProps {
  error: Error;
  /** The ErrorPanel's title when the error is a failure, not a refusal. */
  title: string;
  /** What was refused (see {@link RefusedPanelProps.what}). */
  what?: string;
}

/**
 * The one error display of a Pier page or card: a refusal (403) as {@link RefusedPanel} with the
 * server's reason, anything else as Backstage's ErrorPanel.
 *
 * @public
 */
export function RefusalOrErrorPanel(props: RefusalOrErrorPanelProps) {
  if (isRefusal(props.error)) {
    return (
      <RefusedPanel reason={refusalMessage(props.error)} what={props.what} />
    );
  }
  return <ErrorPanel error={props.error} title={props.title} />;
}
