import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefusalOrErrorPanel } from '@internal/access-react';
import { EntityCost } from '@internal/plugin-platform-cost-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import { platformCostApiRef } from '../../api';
import {
  formatPercent,
  formatUnitUsd,
  formatUsd,
  usePolling,
} from '@internal/pier-react';
import { HeldAnswerAlerts } from '../HeldAnswerAlerts';

export function EntityCostView({ cost }: { cost: EntityCost }) {
  if (cost.empty) {
    return (
      <EmptyState
        missing="data"
        title="No cost recorded for this service"
        description={`No pods labelled backstage.io/kubernetes-id=${
          cost.kubernetesId
        }${
          cost.namespace ? ` in namespace ${cost.namespace}` : ''
        } were seen in the last 30 days. Check that the Deployment's pod template carries that label.`}
      />
    );
  }
  const perK = cost.perThousandRequests;
  return (
    <Box>
      <HeldAnswerAlerts held={cost.held} />
      <Box
        display="flex"
        alignItems="baseline"
        style={{ gap: 16 }}
        flexWrap="wrap"
      >
        <Typography variant="h4" data-testid="entity-monthly">
          {formatUsd(cost.monthly)}
          <Typography component="span" variant="body2" color="textSecondary">
            {' '}
            per month (last 30 days)
          </Typography>
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {cost.byCluster
            .map(c => `${c.cluster} ${formatUsd(c.monthly)}`)
            .join(' · ')}
        </Typography>
      </Box>
      <ResponsiveContainer width="100%" height={70}>
        <LineChart data={cost.trend}>
          <YAxis hide domain={[0, 'auto']} />
          <Tooltip
            formatter={(v: any) => formatUsd(Number(v))}
            labelFormatter={(_l: any, p: any) => p?.[0]?.payload?.day ?? ''}
          />
          <Line
            dataKey="cost"
            name="Daily cost"
            stroke="#1f77b4"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <Typography variant="body2">
        On spot: <b>{formatPercent(cost.spotShare)}</b> · On arm64 (Graviton):{' '}
        <b>{formatPercent(cost.armShare)}</b> · Per 1,000 requests (prod):{' '}
        {perK?.status === 'ok' ? (
          <b data-testid="per-thousand">{formatUnitUsd(perK.value)}</b>
        ) : (
          <span data-testid="per-thousand">{perK?.message}</span>
        )}
      </Typography>
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Recommendations
      </Typography>
      {cost.recommendations.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None: requests match usage, the service runs on arm64 and has a
          PodDisruptionBudget.
        </Typography>
      ) : (
        <List dense disablePadding data-testid="recommendations">
          {cost.recommendations.map((r, i) => (
            <ListItem key={i} disableGutters alignItems="flex-start">
              <ListItemText
                primary={`${r.title}${
                  r.monthlySaving
                    ? ` — saves about ${formatUsd(r.monthlySaving)}/month`
                    : ''
                }`}
                secondary={r.detail}
                secondaryTypographyProps={{ style: { whiteSpace: 'normal' } }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}

export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(platformCostApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = usePolling(
    () => api.getEntityCost(entityRef),
    [api, entityRef],
  );
  return (
    <InfoCard title="Cost">
      {loading && <Progress />}
      {error && (
        <RefusalOrErrorPanel
          error={error}
          title="Cost could not be loaded; try again in a minute"
          what="This service's cost"
        />
      )}
      {value && <EntityCostView cost={value} />}
    </InfoCard>
  );
}
