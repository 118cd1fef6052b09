import { Link } from '@backstage/core-components';
import {
  APM_STATS,
  ApmEnvSeries,
  ApmMetrics,
  ApmMonitor,
  ApmSection,
  ApmSlo,
  ApmStat,
  DatadogEmbeds,
  MonitorState,
} from '@internal/plugin-datadog-apm-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  HIGHER_IS_WORSE,
  STAT_LABELS,
  formatChange,
  formatStat,
} from '../format';
import {
  SourceProblemBanner,
  StatusChip,
  formatUtc,
} from '@internal/pier-react';

/** What is wrong with one section's data, and how old the data shown is; nothing when it is fresh. */
export function SectionNotes(props: {
  /** The section as the banner names it: `Datadog metrics`. */
  source: string;
  section: ApmSection<unknown>;
}) {
  const { source, section } = props;
  if (section.error) {
    return (
      <SourceProblemBanner
        source={source}
        problem={section.error}
        since={section.errorSince}
        lastGoodAt={section.fetchedAt}
      />
    );
  }
  if (!section.stale) return null;
  const held = !!section.stale.awaitingConfirmation;
  return (
    <SourceProblemBanner
      source={source}
      problem={section.stale.reason}
      since={section.stale.since}
      lastGoodAt={section.fetchedAt}
      held={held}
    >
      {held
        ? 'The last good data is shown until a second answer confirms the change.'
        : 'The last good data is shown until Datadog answers again.'}
    </SourceProblemBanner>
  );
}

/** A monitor's state as Datadog names it, coloured by what it means. */
export function MonitorStateChip(props: { state: MonitorState }) {
  return <StatusChip status={props.state} />;
}

// The Overview card is narrow: it summarises traffic, errors and p95 with a short change; the tab shows every statistic.
const CARD_STATS = ['requests', 'errorRate', 'p95'] as const;
const CARD_LABELS: Partial<Record<ApmStat, string>> = {
  requests: 'Req/s',
  errorRate: 'Error rate',
  p95: 'p95',
};
const nowrap = { whiteSpace: 'nowrap' } as const;

export function SummaryTable(props: {
  envs: ApmEnvSeries[];
  compact?: boolean;
}) {
  const { envs, compact } = props;
  const stats = compact ? CARD_STATS : APM_STATS;
  return (
    <Table size="small" aria-label="Summary per env">
      <TableHead>
        <TableRow>
          <TableCell>env / cluster</TableCell>
          {stats.map(s => (
            <TableCell key={s} align="right" style={nowrap}>
              {compact ? CARD_LABELS[s] : STAT_LABELS[s]}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {envs.map(e => (
          <TableRow key={`${e.env}|${e.cluster}`} data-testid="datadog-env-row">
            <TableCell style={nowrap}>
              {e.env}
              {e.cluster !== e.env ? ` / ${e.cluster}` : ''}
            </TableCell>
            {stats.map(s => {
              const { current, previous } = e.summary[s];
              const change = formatChange(current, previous, compact);
              const worse =
                current !== undefined &&
                previous !== undefined &&
                current > previous === HIGHER_IS_WORSE[s] &&
                Math.abs(current - previous) / (previous || 1) > 0.1;
              return (
                <TableCell key={s} align="right" style={nowrap}>
                  <Typography variant="body2">
                    {formatStat(s, current)}
                  </Typography>
                  {change && (
                    <Typography
                      variant="caption"
                      style={{ color: worse ? '#c62828' : undefined }}
                    >
                      {change}
                    </Typography>
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Versions per env; `compact` (the card) keeps the latest few and leaves their metrics to the tab. */
export function VersionsTable(props: {
  metrics: ApmMetrics;
  compact?: boolean;
}) {
  const { metrics, compact } = props;
  const lastDeploy = new Map<string, string>();
  for (const d of metrics.deploys)
    lastDeploy.set(`${d.env}|${d.cluster}|${d.version}`, d.at);
  const rows = compact ? metrics.versions.slice(0, 4) : metrics.versions;
  return (
    <Table size="small" aria-label="Versions">
      <TableHead>
        <TableRow>
          <TableCell>env / cluster</TableCell>
          <TableCell>version</TableCell>
          <TableCell>deployed</TableCell>
          {!compact && (
            <>
              <TableCell align="right">requests</TableCell>
              <TableCell align="right">error rate</TableCell>
              <TableCell align="right">p95 (max)</TableCell>
            </>
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(v => {
          const deployedAt = lastDeploy.get(
            `${v.env}|${v.cluster}|${v.version}`,
          );
          return (
            <TableRow
              key={`${v.env}|${v.cluster}|${v.version}`}
              data-testid="datadog-version-row"
            >
              <TableCell style={nowrap}>
                {v.env}
                {v.cluster !== v.env ? ` / ${v.cluster}` : ''}
              </TableCell>
              <TableCell>{v.version}</TableCell>
              <TableCell>
                {deployedAt
                  ? `deployed ${formatUtc(deployedAt)}`
                  : `serving since before ${formatUtc(v.firstSeen)}`}
              </TableCell>
              {!compact && (
                <>
                  <TableCell align="right" style={nowrap}>
                    {v.requests.toLocaleString('en')}
                  </TableCell>
                  <TableCell align="right" style={nowrap}>
                    {formatStat('errorRate', v.errorRate)}
                  </TableCell>
                  <TableCell align="right" style={nowrap}>
                    {formatStat('p95', v.p95)}
                  </TableCell>
                </>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function MonitorsList(props: { monitors: ApmMonitor[] }) {
  const noData = props.monitors.filter(m => m.state === 'No Data').length;
  if (props.monitors.length === 0) {
    return (
      <Typography variant="body2">
        No monitors are tagged with this service. Tag them{' '}
        <code>service:&lt;name&gt;</code> in Datadog to see them here.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Monitors">
      <TableBody>
        {props.monitors.map(m => (
          <TableRow key={m.id} data-testid="datadog-monitor-row">
            <TableCell style={{ width: 90 }}>
              <MonitorStateChip state={m.state} />
            </TableCell>
            <TableCell>
              <Link to={m.url}>{m.name}</Link>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
      {noData > 0 && (
        <caption data-testid="datadog-monitors-no-data">
          {noData === 1 ? '1 monitor has' : `${noData} monitors have`} no data:
          Datadog received no points for{' '}
          {noData === 1 ? 'its query' : 'their queries'} in the evaluation
          window. Check that the service reports to Datadog with the tags the
          monitor uses (env, service), or retire the monitor.
        </caption>
      )}
    </Table>
  );
}

const SLO_LABELS: Record<NonNullable<ApmSlo['state']>, string> = {
  ok: 'OK',
  warning: 'warning',
  breached: 'breached',
  no_data: 'no data',
};

/** The SLO's state as Datadog computed it; "status unknown" when Datadog sent none. */
export function SloStateChip(props: { state?: ApmSlo['state'] }) {
  return props.state ? (
    <StatusChip status={SLO_LABELS[props.state]} />
  ) : (
    <StatusChip status="status unknown" outlined />
  );
}

export function SlosTable(props: { slos: ApmSlo[] }) {
  if (props.slos.length === 0) {
    return (
      <Typography variant="body2">
        No SLOs are tagged with this service in Datadog.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="SLOs">
      <TableHead>
        <TableRow>
          <TableCell>SLO</TableCell>
          <TableCell>state</TableCell>
          <TableCell align="right">target</TableCell>
          <TableCell align="right">current</TableCell>
          <TableCell align="right">error budget left</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.slos.map(s => (
          <TableRow key={s.id} data-testid="datadog-slo-row">
            <TableCell>
              <Link to={s.url}>{s.name}</Link>
              {s.timeframe ? ` (${s.timeframe})` : ''}
            </TableCell>
            <TableCell style={nowrap}>
              <SloStateChip state={s.state} />
            </TableCell>
            <TableCell align="right" style={nowrap}>
              {s.target} %
            </TableCell>
            <TableCell align="right" style={nowrap}>
              {s.current !== undefined && `${s.current.toFixed(3)} %`}
              {s.current === undefined &&
                (s.state === 'no_data' ? 'no data' : 'unknown')}
            </TableCell>
            <TableCell
              align="right"
              style={{
                ...nowrap,
                color:
                  s.errorBudgetRemaining !== undefined &&
                  s.errorBudgetRemaining < 0
                    ? '#c62828'
                    : undefined,
              }}
            >
              {s.errorBudgetRemaining === undefined
                ? '–'
                : `${s.errorBudgetRemaining.toFixed(1)} %`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The Roadie plugin's iframes: the public dashboard and the shared graphs. */
export function Embeds(props: { embeds: DatadogEmbeds; compact?: boolean }) {
  const { embeds, compact } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={12}>
      {embeds.dashboardUrl && (
        <iframe
          title="Datadog dashboard"
          src={embeds.dashboardUrl}
          style={{ border: 0, width: '100%', height: compact ? 320 : 640 }}
        />
      )}
      {embeds.graphs.map(g => (
        <iframe
          key={g.token}
          title={`Datadog graph ${g.token.slice(0, 8)}`}
          src={g.url}
          width={g.width}
          height={g.height}
          style={{ border: 0, maxWidth: '100%' }}
        />
      ))}
    </Box>
  );
}
