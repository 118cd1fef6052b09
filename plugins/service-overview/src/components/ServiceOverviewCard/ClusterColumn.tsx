import { Link } from '@backstage/core-components';
import {
  ClusterOverview,
  OverviewReason,
  OverviewVerdict,
} from '@internal/plugin-service-overview-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import { ExplanationItem } from '../Explanations/ExplanationItem';
import { ClusterFacts } from './ClusterFacts';

const VERDICT: Record<OverviewVerdict, { label: string; color: string }> = {
  degraded: { label: 'Degraded', color: '#d32f2f' },
  attention: { label: 'Needs attention', color: '#ed6c02' },
  healthy: { label: 'Healthy', color: '#2e7d32' },
  'not-deployed': { label: 'Not deployed', color: '#757575' },
  unknown: { label: 'Unknown', color: '#757575' },
};

const ICONS = {
  critical: <ErrorIcon fontSize="small" style={{ color: '#d32f2f' }} />,
  warning: <WarningIcon fontSize="small" style={{ color: '#ed6c02' }} />,
  info: <InfoIcon fontSize="small" color="action" />,
};

/** What an outside link of a reason opens. */
const URL_NAMES: Partial<Record<OverviewReason['part'], string>> = {
  deployments: 'Argo CD',
  apm: 'Datadog',
};

function Reason(props: { reason: OverviewReason; entityPath: string }) {
  const { reason, entityPath } = props;
  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 6 }} mb={0.5}>
      {ICONS[reason.severity]}
      <Typography variant="body2">
        {reason.text}
        {reason.tab && (
          <>
            {' '}
            <Link to={`${entityPath}/${reason.tab}`}>details</Link>
          </>
        )}
        {reason.url && (
          <>
            {' · '}
            <Link to={reason.url}>{URL_NAMES[reason.part] ?? 'source'}</Link>
          </>
        )}
      </Typography>
    </Box>
  );
}

/** One cluster: its verdict, the reasons worst first with where to read more, and the facts. */
export function ClusterColumn(props: {
  cluster: ClusterOverview;
  entityPath: string;
}) {
  const { cluster, entityPath } = props;
  const verdict = VERDICT[cluster.verdict];
  const summary = cluster.headline.replace(/^[^:]+: [^—]+— /, '');
  return (
    <Paper
      variant="outlined"
      style={{ borderLeft: `6px solid ${verdict.color}`, height: '100%' }}
      data-testid={`overview-cluster-${cluster.cluster}`}
      data-verdict={cluster.verdict}
    >
      <Box p={2}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
          <Typography variant="h6">{cluster.cluster}</Typography>
          <Chip
            size="small"
            label={verdict.label}
            style={{ backgroundColor: verdict.color, color: '#fff' }}
          />
        </Box>
        {/* The reasons say it all when there are any; otherwise the one-line summary does. */}
        {!cluster.reasons.length && (
          <Typography
            variant="body1"
            gutterBottom
            data-testid="overview-headline"
          >
            {summary}
          </Typography>
        )}
        {cluster.reasons.map((r, i) => {
          const explanation =
            r.part === 'explanations'
              ? cluster.explanations?.explanations.find(e => e.title === r.text)
              : undefined;
          return explanation ? (
            <ExplanationItem
              key={i}
              explanation={explanation}
              detailsTo={r.tab && `${entityPath}/${r.tab}`}
            />
          ) : (
            <Reason key={i} reason={r} entityPath={entityPath} />
          );
        })}
        <ClusterFacts cluster={cluster} />
      </Box>
    </Paper>
  );
}
