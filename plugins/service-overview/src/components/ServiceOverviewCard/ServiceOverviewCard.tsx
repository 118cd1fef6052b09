import { InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefusalOrErrorPanel } from '@internal/access-react';
import { ServiceOverview } from '@internal/plugin-service-overview-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { serviceOverviewApiRef } from '../../api';
import { ClusterColumn } from './ClusterColumn';
import { PartNotices } from './PartNotices';
import { ago, formatUsd } from './format';

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
          Updated {ago(overview.generatedAt)}
        </Typography>
      </Box>
    </Box>
  );
}

function useOverview(entityRef: string) {
  const api = useApi(serviceOverviewApiRef);
  const [state, setState] = useState<{
    overview?: ServiceOverview;
    error?: Error;
  }>({});
  useEffect(() => {
    let live = true;
    const load = () =>
      api.getOverview(entityRef).then(
        overview => live && setState({ overview }),
        error => live && setState(s => ({ ...s, error })),
      );
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, entityRef]);
  return state;
}

/** The first card of a service's page: one verdict per cluster, with its reasons. */
export function ServiceOverviewCard() {
  const { entity } = useEntity();
  const { pathname } = useLocation();
  const { overview, error } = useOverview(stringifyEntityRef(entity));
  const entityPath = pathname.replace(/\/+$/, '');
  return (
    <InfoCard
      title="Service overview"
      subheader="Deployed, healthy, safe and affordable — in each cluster, and whether the last deploy made it worse"
    >
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
