import { InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefusalOrErrorPanel } from '@internal/access-react';
import {
  Freshness,
  SourceProblemBanner,
  formatUsd,
  usePolling,
} from '@internal/pier-react';
import { ServiceOverview } from '@internal/plugin-service-overview-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useLocation } from 'react-router-dom';
import { serviceOverviewApiRef } from '../../api';
import { ClusterColumn } from './ClusterColumn';
import { PartNotices } from './PartNotices';

/** How often the open overview asks again. */
const POLL_MS = 30_000;

function CostLine(props: { cost: ServiceOverview['cost'] }) {
  const { cost } = props;
  if (!cost) return null;
  const t = cost.trendPercent;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="overview-cost"
    >
      Cost: {formatUsd(cost.monthly)} over the last 30 days, all clusters
      {t !== undefined &&
        ` · last 7 days ${t >= 0 ? '+' : ''}${t} % against the 7 before`}
    </Typography>
  );
}

export function ServiceOverviewView(props: {
  overview: ServiceOverview;
  entityPath: string;
}) {
  const { overview, entityPath } = props;
  return (
    <Box>
      <PartNotices parts={overview.parts} />
      <Grid container spacing={2}>
        {overview.clusters.map(c => (
          <Grid item xs={12} md={6} key={c.cluster}>
            <ClusterColumn cluster={c} entityPath={entityPath} />
          </Grid>
        ))}
      </Grid>
      <Box mt={1} display="flex" justifyContent="space-between" flexWrap="wrap">
        <CostLine cost={overview.cost} />
        <Typography variant="caption" color="textSecondary">
          <Freshness at={overview.generatedAt} label="Updated" />
        </Typography>
      </Box>
    </Box>
  );
}

/** The first card of a service's page: one verdict per cluster, with its reasons. */
export function ServiceOverviewCard() {
  const { entity } = useEntity();
  const { pathname } = useLocation();
  const api = useApi(serviceOverviewApiRef);
  const entityRef = stringifyEntityRef(entity);
  const {
    value: overview,
    error,
    loadedAt,
  } = usePolling(() => api.getOverview(entityRef), [api, entityRef], {
    intervalMs: POLL_MS,
    pauseWhenHidden: true,
  });
  const entityPath = pathname.replace(/\/+$/, '');
  return (
    <InfoCard
      title="Service overview"
      subheader="Deployed, healthy, safe and affordable — in each cluster, and whether the last deploy made it worse"
    >
      {overview && error && (
        <SourceProblemBanner
          source="The service overview"
          problem={error.message}
          lastGoodAt={loadedAt}
        />
      )}
      {!overview && error && (
        <RefusalOrErrorPanel
          error={error}
          title="The service overview could not be read"
          what="this service's overview"
        />
      )}
      {!overview && !error && <Progress />}
      {overview && (
        <ServiceOverviewView overview={overview} entityPath={entityPath} />
      )}
    </InfoCard>
  );
}
