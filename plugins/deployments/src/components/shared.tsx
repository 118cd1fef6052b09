import { Link, WarningPanel } from '@backstage/core-components';
import {
  ClusterSourceStatus,
  DeploymentRow,
  GitRevision,
} from '@internal/plugin-deployments-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ageOf } from './boardLogic';

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
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    padding: theme.spacing(0.25, 0.75),
    borderRadius: 4,
    background: theme.palette.action.hover,
    userSelect: 'all',
    whiteSpace: 'nowrap',
  },
  reasons: { margin: 0, paddingLeft: theme.spacing(2) },
  images: { margin: 0, paddingLeft: theme.spacing(2), wordBreak: 'break-all' },
}));

const TONE: Record<string, 'bad' | 'warn' | 'good' | undefined> = {
  OutOfSync: 'warn',
  Synced: 'good',
  Degraded: 'bad',
  Missing: 'bad',
  Progressing: 'warn',
  Suspended: 'warn',
  Healthy: 'good',
};

export function StatusChip(props: { status: string }) {
  const classes = useStyles();
  const tone = TONE[props.status];
  return (
    <Chip
      size="small"
      label={props.status}
      className={`${classes.chip} ${tone ? classes[tone] : ''}`}
    />
  );
}

export function Code(props: { children: string }) {
  const classes = useStyles();
  return <code className={classes.code}>{props.children}</code>;
}

export function RevisionInfo(props: {
  revision?: GitRevision;
  now: number;
  compact?: boolean;
}) {
  const { revision, now } = props;
  if (!revision) return <Typography variant="body2">–</Typography>;
  const sha = revision.commitUrl ? (
    <Link to={revision.commitUrl} target="_blank" rel="noopener">
      <Code>{revision.shortSha}</Code>
    </Link>
  ) : (
    <Code>{revision.shortSha}</Code>
  );
  return (
    <Box>
      <Typography variant="body2" component="div">
        {sha} {revision.message}
      </Typography>
      {(revision.author || revision.date) && (
        <Typography variant="caption" color="textSecondary">
          {revision.author?.replace(/\s*<.*>$/, '')}
          {revision.date ? ` · ${ageOf(revision.date, now)} ago` : ''}
        </Typography>
      )}
    </Box>
  );
}

export function ReviewReasons(props: { row: DeploymentRow }) {
  const classes = useStyles();
  const { row } = props;
  if (row.needsReview.length === 0 && !row.rollback) return null;
  return (
    <Box>
      <ul className={classes.reasons}>
        {row.needsReview.map(r => (
          <li key={r.kind}>
            <Typography variant="body2">
              <strong>{r.kind}</strong>: {r.message}
            </Typography>
          </li>
        ))}
      </ul>
      {row.rollback && (
        <Typography variant="body2" component="div">
          Roll back: <Code>{row.rollback.command}</Code>
          {row.rollback.commitUrl && (
            <>
              {' '}
              <Link to={row.rollback.commitUrl} target="_blank" rel="noopener">
                commit
              </Link>
            </>
          )}
        </Typography>
      )}
    </Box>
  );
}

/** `12:03 UTC` of an ISO time. */
function clockOf(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 16)} UTC`;
}

/**
 * What a source's problem banner says, in one sentence: what failed, since when, and how old the
 * data shown instead is. "prod Argo CD not read since 12:03 UTC: Argo CD prod … HTTP 503 …;
 * showing data last read 5 min ago."
 */
export function sourceProblemTitle(
  what: string,
  s: {
    error?: string;
    since?: string;
    lastSeen?: string;
    awaitingConfirmation?: boolean;
  },
  now: number,
) {
  const since = s.since ? ` since ${clockOf(s.since)}` : '';
  const state = s.awaitingConfirmation
    ? `answer held${since}, waiting for confirmation by the next read`
    : `not read${since}`;
  const reason = (s.error ?? 'unknown error').replace(/[.\s]+$/, '');
  const shown = s.lastSeen
    ? `showing data last read ${ageOf(s.lastSeen, now)} ago`
    : 'no data has been read from it yet';
  return `${what} ${state}: ${reason}; ${shown}.`;
}

/** One banner per cluster whose Argo CD or Kubernetes answers are not shown as they came. */
export function ClusterBanners(props: {
  sources: ClusterSourceStatus[];
  now: number;
}) {
  const banners = props.sources.flatMap(s => [
    ...(s.ok
      ? []
      : [
          {
            key: `${s.cluster}-argocd`,
            severity: s.awaitingConfirmation ? 'warning' : 'error',
            title: sourceProblemTitle(`${s.cluster} Argo CD`, s, props.now),
          },
        ]),
    ...(s.replicas && !s.replicas.ok
      ? [
          {
            key: `${s.cluster}-kubernetes`,
            severity: 'warning',
            title: sourceProblemTitle(
              `${s.cluster} Kubernetes replica counts`,
              s.replicas,
              props.now,
            ),
          },
        ]
      : []),
  ]);
  return (
    <>
      {banners.map(b => (
        <Box mb={2} key={b.key}>
          <WarningPanel
            severity={b.severity as 'error' | 'warning'}
            title={b.title}
          />
        </Box>
      ))}
    </>
  );
}

/** Tags of the service's images other than the version it runs: the ones a rollout replaces. */
export function replacedTags(row: DeploymentRow): string[] {
  return row.serviceImages
    .map(i => /:([^:/@]+)(@.*)?$/.exec(i)?.[1])
    .filter((t): t is string => !!t && t !== row.version);
}

/** The service's own image apart from the sidecars and init containers Argo CD also lists. */
export function RowImages(props: { row: DeploymentRow }) {
  const classes = useStyles();
  const { row } = props;
  if (row.images.length === 0) return null;
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">Image</Typography>
      {row.serviceImages.length > 0 ? (
        <ul
          className={classes.images}
          aria-label={`${row.cluster} service image`}
        >
          {row.serviceImages.map(i => (
            <li key={i}>
              <Code>{i}</Code>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2" color="error">
          None of the application's images is the service's own: set the
          aws.amazon.com/ecr-repository annotation to its image repository.
        </Typography>
      )}
      {row.sidecarImages.length > 0 && (
        <>
          <Typography variant="subtitle2">
            Sidecars and init containers
          </Typography>
          <ul className={classes.images} aria-label={`${row.cluster} sidecars`}>
            {row.sidecarImages.map(i => (
              <li key={i}>
                <Code>{i}</Code>
              </li>
            ))}
          </ul>
        </>
      )}
    </Box>
  );
}
