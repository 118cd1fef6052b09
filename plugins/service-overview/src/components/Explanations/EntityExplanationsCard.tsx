import { InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefusalOrErrorPanel } from '@internal/access-react';
import {
  Freshness,
  SourceProblemBanner,
  usePolling,
} from '@internal/pier-react';
import {
  ClusterExplanations,
  EntityExplanations,
} from '@internal/plugin-service-overview-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import Alert from '@material-ui/lab/Alert';
import { serviceOverviewApiRef } from '../../api';
import { ExplanationItem } from './ExplanationItem';

/** How often an open tab asks again (the backend caches the state for about as long). */
const POLL_MS = 30_000;

function ClusterSection(props: { cluster: ClusterExplanations }) {
  const { cluster } = props;
  return (
    <Box mb={2} data-testid={`explanations-${cluster.cluster}`}>
      <Typography variant="subtitle1">{cluster.cluster}</Typography>
      {cluster.unread && (
        <Typography variant="body2" color="textSecondary">
          Not read yet: {cluster.problem}
        </Typography>
      )}
      {!cluster.unread && !cluster.explanations.length && (
        <Box display="flex" alignItems="center" style={{ gap: 6 }}>
          <CheckCircleIcon fontSize="small" style={{ color: '#2e7d32' }} />
          <Typography variant="body2">
            Nothing the platform knows as a common failure
            {cluster.readAt && (
              <>
                {' '}
                (<Freshness at={cluster.readAt} label="read" />)
              </>
            )}
            .
          </Typography>
        </Box>
      )}
      {cluster.explanations.map((e, i) => (
        <ExplanationItem key={e.id + i} explanation={e} defaultOpen={i === 0} />
      ))}
    </Box>
  );
}

/** The explanations of one service, per cluster: what the card shows once read. */
export function EntityExplanationsView(props: {
  explanations: EntityExplanations;
}) {
  const { status, clusters } = props.explanations;
  if (status.state === 'not-applicable' || status.state === 'denied') {
    return (
      <Alert severity="info" data-testid="explanations-status">
        {status.message}
      </Alert>
    );
  }
  const stale = clusters.filter(c => c.problem && !c.unread);
  return (
    <>
      {status.state === 'unavailable' && !clusters.length && (
        <Alert severity="error" data-testid="explanations-status">
          {status.message}
        </Alert>
      )}
      {stale.map(c => (
        <SourceProblemBanner
          key={c.cluster}
          source={`${c.cluster} Kubernetes and Argo CD state`}
          problem={c.problem}
          lastGoodAt={c.readAt}
          testId={`explanations-stale-${c.cluster}`}
        />
      ))}
      {clusters.map(c => (
        <ClusterSection key={c.cluster} cluster={c} />
      ))}
    </>
  );
}

/**
 * What is wrong with the service in each cluster, explained for a junior — cause, fix and the file
 * to change — above the Kubernetes and Deployments tabs' own content (the overview shows the same
 * in its cluster columns).
 *
 * @public
 */
export function EntityExplanationsCard() {
  const { entity } = useEntity();
  const api = useApi(serviceOverviewApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loadedAt } = usePolling(
    () => api.getExplanations(entityRef),
    [api, entityRef],
    { intervalMs: POLL_MS, pauseWhenHidden: true },
  );
  return (
    <Box mb={2}>
      <InfoCard
        title="What is wrong, and how to fix it"
        subheader="The platform's common failures, read from Kubernetes and Argo CD in each cluster"
      >
        {value && error && (
          <SourceProblemBanner
            source="The explanations"
            problem={error.message}
            lastGoodAt={loadedAt}
          />
        )}
        {!value && error && (
          <RefusalOrErrorPanel
            error={error}
            title="The explanations could not be read"
            what="this service's explanations"
          />
        )}
        {!value && !error && <Progress />}
        {value && <EntityExplanationsView explanations={value} />}
      </InfoCard>
    </Box>
  );
}
