import { useState } from 'react';
import {
  ErrorPanel,
  InfoCard,
  Link,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  APM_RANGES,
  APM_STATS,
  ApmRange,
  EntityDatadog,
  ServiceApm,
} from '@internal/plugin-datadog-apm-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { formatUtc, usePolling } from '@internal/pier-react';
import { datadogApmApiRef } from '../../api';
import { StatChart } from './Charts';
import {
  Embeds,
  MonitorsList,
  SectionNotes,
  SlosTable,
  SummaryTable,
  VersionsTable,
} from './Sections';

export type DatadogVariant = 'card' | 'content';

function RangePicker(props: {
  range: ApmRange;
  onChange: (range: ApmRange) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.range}
      aria-label="Time range"
      onChange={(_, value) => value && props.onChange(value as ApmRange)}
    >
      {(Object.keys(APM_RANGES) as ApmRange[]).map(r => (
        <ToggleButton key={r} value={r} aria-label={APM_RANGES[r].label}>
          {r}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

function Links(props: { apm: ServiceApm }) {
  const { links } = props.apm;
  return (
    <Box display="flex" gridGap={16} mt={1}>
      <Link to={links.apm}>Open {props.apm.service} in Datadog APM</Link>
      <Link to={links.monitors}>Monitors</Link>
      <Link to={links.slos}>SLOs</Link>
    </Box>
  );
}

function ApmView(props: { apm: ServiceApm; variant: DatadogVariant }) {
  const { apm, variant } = props;
  if (apm.configurationError) {
    return (
      <WarningPanel
        defaultExpanded
        severity="error"
        title="Datadog is not configured correctly"
        message={apm.configurationError}
      />
    );
  }
  const metrics = apm.metrics.data;
  const monitors = apm.monitors.data;
  const slos = apm.slos.data;
  const card = variant === 'card';
  const envs = metrics?.envs ?? [];
  // The card charts one env (prod when it has traffic); the tab charts every env.
  const prodEnvs = envs.filter(e => e.env === 'prod').slice(0, 1);
  const cardEnvs = prodEnvs.length > 0 ? prodEnvs : envs.slice(0, 1);
  const chartEnvs = card ? cardEnvs : envs;
  const lastDeploy = metrics?.deploys[metrics.deploys.length - 1];
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <SectionNotes source="Datadog metrics" section={apm.metrics} />
      {metrics?.noData && (
        <WarningPanel
          defaultExpanded
          severity="info"
          title="No APM data"
          message={metrics.noData}
        />
      )}
      {metrics && metrics.envs.length > 0 && (
        <>
          <SummaryTable envs={metrics.envs} compact={card} />
          {metrics.quietEnvs.map(q => (
            <Typography key={q.env} variant="body2" color="textSecondary">
              {q.message}
            </Typography>
          ))}
          <Grid container spacing={2}>
            {chartEnvs.flatMap(env =>
              (card ? (['requests', 'p95'] as const) : APM_STATS).map(stat => (
                <Grid
                  item
                  xs={12}
                  md={card ? 6 : 4}
                  key={`${env.env}|${env.cluster}|${stat}`}
                >
                  <StatChart
                    env={env}
                    stat={stat}
                    range={apm.range}
                    deploys={metrics.deploys}
                  />
                </Grid>
              )),
            )}
          </Grid>
          <Box>
            <Typography variant="h6">Versions</Typography>
            {lastDeploy ? (
              <Typography variant="body2" data-testid="datadog-last-deploy">
                Last deploy: {lastDeploy.version} to {lastDeploy.env}
                {lastDeploy.previousVersion
                  ? ` (was ${lastDeploy.previousVersion})`
                  : ''}{' '}
                at {formatUtc(lastDeploy.at)}
              </Typography>
            ) : (
              <Typography variant="body2" data-testid="datadog-last-deploy">
                No version change{' '}
                {APM_RANGES[apm.range].label
                  .toLowerCase()
                  .replace(/^last/, 'in the last')}
                .
              </Typography>
            )}
            <VersionsTable metrics={metrics} compact={card} />
          </Box>
        </>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} md={card ? 12 : 6}>
          <Typography variant="h6">Monitors</Typography>
          <SectionNotes source="Datadog monitors" section={apm.monitors} />
          {monitors && <MonitorsList monitors={monitors} />}
        </Grid>
        <Grid item xs={12} md={card ? 12 : 6}>
          <Typography variant="h6">SLOs</Typography>
          <SectionNotes source="Datadog SLOs" section={apm.slos} />
          {slos && <SlosTable slos={slos} />}
        </Grid>
      </Grid>
      <Links apm={apm} />
    </Box>
  );
}

/** The Datadog view of an entity, for given data (the card and the tab share it). */
export function EntityDatadogView(props: {
  variant: DatadogVariant;
  range: ApmRange;
  onRangeChange: (range: ApmRange) => void;
  data?: EntityDatadog;
  error?: Error;
  loading?: boolean;
}) {
  const { variant, range, onRangeChange, data, error, loading } = props;
  let body;
  if (error) {
    body = <ErrorPanel title="Could not load Datadog data" error={error} />;
  } else if (!data) {
    body = <Progress />;
  } else {
    body = (
      <Box display="flex" flexDirection="column" gridGap={16}>
        {data.apm && <ApmView apm={data.apm} variant={variant} />}
        {data.embeds && (
          <Box>
            {data.apm && (
              <Typography variant="h6">Shared Datadog dashboard</Typography>
            )}
            <Embeds embeds={data.embeds} compact={variant === 'card'} />
          </Box>
        )}
      </Box>
    );
  }
  const subheader = data?.apm
    ? `service ${data.apm.service}${
        data.apm.metrics.data?.operation
          ? ` · ${data.apm.metrics.data.operation}`
          : ''
      } · ${APM_RANGES[
        range
      ].label.toLowerCase()} against the period before (changes, dashed lines)`
    : undefined;
  return (
    <InfoCard
      title="Datadog APM"
      subheader={subheader}
      action={
        data?.apm || !data ? (
          <Box display="flex" alignItems="center" gridGap={8} mt={1}>
            {loading && data && (
              <Typography variant="caption" color="textSecondary">
                updating…
              </Typography>
            )}
            <RangePicker range={range} onChange={onRangeChange} />
          </Box>
        ) : undefined
      }
    >
      {body}
    </InfoCard>
  );
}

function EntityDatadogLoader(props: { variant: DatadogVariant }) {
  const { entity } = useEntity();
  const [range, setRange] = useState<ApmRange>('24h');
  const api = useApi(datadogApmApiRef);
  const entityRef = stringifyEntityRef(entity);
  // Reloaded every minute: Datadog's own rollups are per minute.
  const { value, error, loading } = usePolling(
    () => api.getEntity(entityRef, range),
    [api, entityRef, range],
    { intervalMs: 60_000 },
  );
  return (
    <EntityDatadogView
      variant={props.variant}
      range={range}
      onRangeChange={setRange}
      data={value}
      error={error}
      loading={loading}
    />
  );
}

/** Overview card. */
export function EntityDatadogCard() {
  return <EntityDatadogLoader variant="card" />;
}

/** The Datadog tab. */
export function EntityDatadogContent() {
  return (
    <Box p={2}>
      <EntityDatadogLoader variant="content" />
    </Box>
  );
}
