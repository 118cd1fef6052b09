import { Fragment } from 'react';
import { Link } from '@backstage/core-components';
import {
  ClusterSourceStatus,
  DeploymentRow,
  GitRevision,
} from '@internal/plugin-deployments-common';
import { SourceProblemBanner, ageOf } from '@internal/pier-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    padding: theme.spacing(0.25, 0.75),
    borderRadius: 4,
    background: theme.palette.action.hover,
    userSelect: 'all',
    whiteSpace: 'nowrap',
  },
  /** An image reference is longer than a column: it breaks anywhere instead of running out of it. */
  wrapped: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  reasons: { margin: 0, paddingLeft: theme.spacing(2) },
  images: { margin: 0, paddingLeft: theme.spacing(2), wordBreak: 'break-all' },
}));

export function Code(props: { children: string; wrap?: boolean }) {
  const classes = useStyles();
  return (
    <code
      className={
        props.wrap ? `${classes.code} ${classes.wrapped}` : classes.code
      }
    >
      {props.children}
    </code>
  );
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

/** One banner per cluster whose Argo CD or Kubernetes answers are not shown as they came. */
export function ClusterBanners(props: {
  sources: ClusterSourceStatus[];
  now: number;
}) {
  return (
    <>
      {props.sources.map(s => (
        <Fragment key={s.cluster}>
          {!s.ok && (
            <SourceProblemBanner
              source={`${s.cluster} Argo CD`}
              {...sourceProblem(s)}
              now={props.now}
            />
          )}
          {s.replicas && !s.replicas.ok && (
            <SourceProblemBanner
              source={`${s.cluster} Kubernetes replica counts`}
              {...sourceProblem(s.replicas)}
              now={props.now}
            />
          )}
        </Fragment>
      ))}
    </>
  );
}

/** A source's status as the banner takes it. */
function sourceProblem(s: {
  error?: string;
  since?: string;
  lastSeen?: string;
  awaitingConfirmation?: boolean;
}) {
  return {
    problem: s.error,
    since: s.since,
    lastGoodAt: s.lastSeen,
    held: s.awaitingConfirmation,
  };
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
              <Code wrap>{i}</Code>
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
                <Code wrap>{i}</Code>
              </li>
            ))}
          </ul>
        </>
      )}
    </Box>
  );
}
