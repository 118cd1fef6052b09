import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  isRefusal,
  RefusalOrErrorPanel,
  RefusedPanel,
  refusalMessage,
  RequireAccess,
} from '@internal/access-react';
import {
  CostDashboard,
  platformCostDashboardReadPermission,
  NO_NODEPOOL,
} from '@internal/plugin-platform-cost-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import Alert from '@material-ui/lab/Alert';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import GetAppIcon from '@material-ui/icons/GetApp';
import { makeStyles } from '@material-ui/core/styles';
import { platformCostApiRef } from '../../api';
import { HeldAnswerAlerts } from '../HeldAnswerAlerts';
import {
  SourceProblemBanner,
  downloadFile,
  formatPercent,
  formatUsd,
  formatUtc,
  usePolling,
} from '@internal/pier-react';
import { dashboardCsv } from '../dashboardCsv';
import { CostTable } from './CostTable';
import { NodesChart, SpendChart } from './TrendCharts';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
  tile: { padding: theme.spacing(2), height: '100%' },
  big: { fontSize: '1.6rem', fontWeight: 600 },
  section: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
}));

function Tile(props: {
  title: string;
  value: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  const classes = useStyles();
  return (
    <Paper className={classes.tile} data-testid={props.testId}>
      <Typography variant="overline" color="textSecondary">
        {props.title}
      </Typography>
      <Typography className={classes.big}>{props.value}</Typography>
      <Typography variant="body2" color="textSecondary" component="div">
        {props.children}
      </Typography>
    </Paper>
  );
}

/**
 * Consolidation tile. Its headline is the node count from the peak of all days kept to now, not
 * the range's: Karpenter may have removed its nodes before a 30-day range began, and "18 → 18
 * nodes" alone would read as "consolidation does nothing".
 */
function ConsolidationTile(props: {
  consolidation: CostDashboard['consolidation'];
  days: number;
}) {
  const { kept, nodesFirst, nodesLast, binPacking, removed } =
    props.consolidation;
  const round = (n: number) => Math.round(n);
  const range =
    nodesFirst !== null && nodesLast !== null
      ? `${round(nodesFirst)} → ${round(nodesLast)} nodes`
      : null;
  const fromPeak =
    kept.peak && kept.last && round(kept.peak.nodes) > round(kept.last.nodes)
      ? { peak: kept.peak, last: kept.last }
      : null;
  return (
    <Tile
      title="Consolidation"
      value={
        fromPeak
          ? `${round(fromPeak.peak.nodes)} → ${round(
              fromPeak.last.nodes,
            )} nodes`
          : range ?? '—'
      }
      testId="consolidation-tile"
    >
      <span data-testid="consolidation-kept">
        {fromPeak &&
          `From the peak on ${fromPeak.peak.day} to ${fromPeak.last.day} (${
            round(fromPeak.peak.nodes) - round(fromPeak.last.nodes)
          } fewer; days kept since ${kept.first?.day}). `}
        {!fromPeak &&
          kept.first &&
          kept.peak &&
          `Never more than ${round(kept.peak.nodes)} nodes since ${
            kept.first.day
          }. `}
        {range && `Last ${props.days} days: ${range}. `}
      </span>
      Bin-packing {binPacking === null ? '—' : formatPercent(binPacking)} (CPU
      requested ÷ allocatable).{' '}
      {removed.count > 0
        ? `${
            removed.count
          } nodes removed since hourly snapshots began would have cost ${formatUsd(
            removed.wouldHaveCost,
          )} more.`
        : 'No node removed since hourly snapshots began.'}
    </Tile>
  );
}

export function CostDashboardView(props: {
  data: CostDashboard;
  team?: string;
  onTeam: (team?: string) => void;
}) {
  const { data, team, onTeam } = props;
  const classes = useStyles();
  const services = useMemo(
    () => (team ? data.services.filter(s => s.team === team) : data.services),
    [data.services, team],
  );
  const teamLine = data.teams.find(t => t.key === team);
  const gaps = data.trend.filter(
    d => d.hoursFailed > 0 || d.hoursCovered === 0,
  );
  const hasData = data.trend.some(d => d.dailyRate !== null);

  if (!hasData) {
    return (
      <EmptyState
        missing="data"
        title="No cost data yet"
        description="The first snapshot runs about 15 seconds after the backend starts, and then every hour. With Cost Explorer configured (platformCost.costExplorer), the first run also fills the last 90 days from billing. Reload in a minute; if this stays empty, check the backend log for 'platform-cost'."
      />
    );
  }

  return (
    <>
      <HeldAnswerAlerts held={data.held} />
      {data.stale.map(s => (
        <SourceProblemBanner
          key={s.cluster}
          source={`${s.cluster} node snapshot`}
          problem={s.error}
          lastGoodAt={s.lastSuccess ?? undefined}
        >
          The last snapshot of {s.cluster} failed. Figures for {s.cluster} stop
          at the last successful snapshot
          {s.lastSuccess ? ` (${formatUtc(s.lastSuccess)})` : ''}; the missing
          hours show as gaps on the trend.
        </SourceProblemBanner>
      ))}
      {(data.sourceProblems ?? []).map(p => (
        <SourceProblemBanner
          key={`${p.source} ${p.cluster}`}
          testId="cost-source-problem"
          source={p.source}
          problem={p.problem}
          since={p.since}
          lastGoodAt={p.lastGoodAt ?? undefined}
        >
          {p.consequence}
        </SourceProblemBanner>
      ))}
      {data.priceFlags.length > 0 && (
        <Alert
          severity="warning"
          style={{ marginBottom: 8 }}
          data-testid="price-flags"
        >
          Estimated prices, not list prices:{' '}
          {data.priceFlags.map(f => f.reason).join(' ')}
        </Alert>
      )}
      <Grid container spacing={2} style={{ marginBottom: 16 }}>
        {data.runRate.map(r => (
          <Grid item xs={12} sm={6} md={2} key={r.cluster}>
            <Tile
              title={`${r.cluster} monthly run-rate`}
              value={r.monthly === null ? '—' : formatUsd(r.monthly)}
              testId={`run-rate-${r.cluster}`}
            >
              {r.asOf
                ? `average of the last 7 days to ${r.asOf}`
                : 'no data yet'}
            </Tile>
          </Grid>
        ))}
        <Grid item xs={12} sm={6} md={2}>
          <Tile
            title={`Total, last ${data.days} days`}
            value={formatUsd(data.total)}
          >
            of which idle {formatUsd(data.idle)} (
            {formatPercent(data.total ? data.idle / data.total : 0)})
          </Tile>
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          <Tile
            title="Spot"
            value={`saved ${formatUsd(data.spot.saved)}`}
            testId="spot-tile"
          >
            {formatPercent(data.spot.share)} of cost on spot; the same
            node-hours on-demand would have cost{' '}
            {formatUsd(data.spot.counterfactual)} instead of{' '}
            {formatUsd(data.spot.actual)}
          </Tile>
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          <Tile
            title="Graviton (arm64)"
            value={`saved ${formatUsd(data.graviton.saved)}`}
            testId="graviton-tile"
          >
            {formatPercent(data.graviton.share)} of cost on arm64; the
            equivalent x86 types would have cost{' '}
            {formatUsd(data.graviton.counterfactual)} instead of{' '}
            {formatUsd(data.graviton.actual)}
          </Tile>
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          <ConsolidationTile
            consolidation={data.consolidation}
            days={data.days}
          />
        </Grid>
      </Grid>

      <Grid container spacing={2}>
        <Grid item xs={12} md={7}>
          <Paper className={classes.section}>
            <Typography variant="h6">Daily cost</Typography>
            <Typography variant="body2" color="textSecondary">
              USD per day, spot and on-demand; a partly covered day is scaled to
              24 hours. Empty days are gaps: no snapshot succeeded.
            </Typography>
            <SpendChart trend={data.trend} />
            {gaps.length > 0 && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="gaps"
              >
                Gaps:{' '}
                {gaps
                  .map(
                    g =>
                      `${g.day} (${
                        g.hoursFailed ? `${g.hoursFailed} h failed` : 'no data'
                      })`,
                  )
                  .join(', ')}
              </Typography>
            )}
          </Paper>
        </Grid>
        <Grid item xs={12} md={5}>
          <Paper className={classes.section}>
            <Typography variant="h6">Nodes and bin-packing</Typography>
            <Typography variant="body2" color="textSecondary">
              Average node count per day, and CPU requested ÷ allocatable.
            </Typography>
            <NodesChart trend={data.trend} />
          </Paper>
        </Grid>
      </Grid>

      <Paper className={classes.section}>
        <Typography variant="h6">Cost per team</Typography>
        <CostTable
          lines={data.teams}
          selected={team}
          onSelect={key =>
            onTeam(key === '__idle__' || key === team ? undefined : key)
          }
          testId="teams-table"
        />
      </Paper>
      <Paper className={classes.section}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="h6">Cost per service</Typography>
          {team && (
            <Chip
              label={`team: ${teamLine?.title ?? team}`}
              onDelete={() => onTeam(undefined)}
              data-testid="team-filter"
            />
          )}
        </Box>
        <CostTable lines={services} testId="services-table" link />
      </Paper>
      <Paper className={classes.section}>
        <Typography variant="h6">Cost per nodepool</Typography>
        {data.nodepools.some(l => l.key === NO_NODEPOOL) && (
          <Typography variant="body2" color="textSecondary" paragraph>
            {NO_NODEPOOL}: nodes no nodepool label names and instances no
            nodepool tag names — EKS managed node groups, Fargate, nodes
            Karpenter did not launch, or a label the configuration does not list
            (platformCost.nodepoolLabels; Karpenter before v0.32 labels
            karpenter.sh/provisioner-name).
          </Typography>
        )}
        <CostTable lines={data.nodepools} testId="nodepools-table" />
      </Paper>
      <HowWeCompute data={data} />
    </>
  );
}

function HowWeCompute({ data }: { data: CostDashboard }) {
  return (
    <Accordion data-testid="how-we-compute">
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="h6">How we compute this</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Typography variant="body2" component="div">
          <ul>
            <li>
              <b>Node cost.</b> Every hour Pier lists each cluster's nodes
              (Karpenter labels: nodepool, capacity type, instance type, arch,
              region, zone). On-demand nodes cost the list price of their type
              in their region (from topology.kubernetes.io/region, else the
              zone):
              <ul data-testid="price-tables">
                {data.provenance.priceTables.map(t => (
                  <li key={t.region}>
                    {t.region}: {t.source} As of {t.asOf}.
                  </li>
                ))}
              </ul>
              Spot nodes: {data.provenance.spotRates}. A type or region missing
              from the tables is costed at an estimate (the nearest size of the
              family, the same type in another region, or the table's average)
              and flagged, never at zero. Only EC2 compute of the nodes is
              counted: not EKS, EBS or data transfer.
            </li>
            <li>
              <b>Services and teams.</b> A node's hourly cost is split 65 % CPU
              / 35 % memory (OpenCost's default ratio); each pod pays its
              requested share of each. Pods are mapped to catalog services by
              their <code>backstage.io/kubernetes-id</code> label and namespace;
              a service's team is its catalog owner. What no pod requested is{' '}
              <b>idle capacity</b>, shown as its own line, so services + idle =
              the cluster total, every day.
            </li>
            <li>
              <b>Spot savings</b> = what the spot node-hours would have cost at
              the on-demand list price of the same type, minus what they cost.{' '}
              <b>Graviton savings</b> = what the arm64 node-hours would have
              cost on the equivalent x86 type (r8g → r7i, same size) at the same
              discount, minus what they cost.
            </li>
            <li>
              <b>Consolidation.</b> Node count and bin-packing (CPU requested ÷
              allocatable) per day. Removed nodes are those in one snapshot and
              gone in the next; "would have cost" is their hourly price until
              now.
            </li>
            <li>
              <b>History.</b>{' '}
              {data.provenance.backfill
                ? `Days before the first snapshot come from billing: ${data.provenance.backfill}. Spot/arm64 shares per service are known only from snapshots.`
                : 'No backfill: the trend starts with the first snapshot.'}{' '}
              Run-rate = average daily cost of the last 7 covered days × 30.4.
            </li>
          </ul>
        </Typography>
      </AccordionDetails>
    </Accordion>
  );
}

const DASHBOARD = 'The organisation-wide cost dashboard and its CSV export';

/** The dashboard under the page header: the toolbar, then the figures or why there are none. */
function CostDashboardContent() {
  const api = useApi(platformCostApiRef);
  const classes = useStyles();
  const [cluster, setCluster] = useState('all');
  const [days, setDays] = useState<30 | 90>(30);
  const [team, setTeam] = useState<string | undefined>();
  const { value, loading, error } = usePolling(
    () => api.getDashboard({ cluster, days }),
    [api, cluster, days],
  );

  if (error && isRefusal(error)) {
    // the server decided otherwise than the permission check above (e.g. membership changed)
    return <RefusedPanel reason={refusalMessage(error)} what={DASHBOARD} />;
  }
  return (
    <>
      <div className={classes.toolbar}>
        <TextField
          select
          label="Cluster"
          variant="outlined"
          size="small"
          value={cluster}
          onChange={e => setCluster(e.target.value)}
          style={{ minWidth: 160 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Cluster' } as any,
          }}
        >
          <MenuItem value="all">All clusters</MenuItem>
          {(value?.clusters ?? []).map(c => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={days}
          onChange={(_e, v) => v && setDays(v)}
          aria-label="Range"
        >
          <ToggleButton value={30}>30 days</ToggleButton>
          <ToggleButton value={90}>90 days</ToggleButton>
        </ToggleButtonGroup>
        <Button
          variant="outlined"
          startIcon={<GetAppIcon />}
          disabled={!value}
          onClick={() =>
            value &&
            downloadFile(
              `platform-cost-${cluster}-${days}d.csv`,
              dashboardCsv(value),
            )
          }
        >
          Export CSV
        </Button>
      </div>
      {loading && !value && <Progress />}
      {error && (
        <RefusalOrErrorPanel
          error={error}
          title="Cost data could not be loaded; try again, or check the platform-cost backend's log"
          what={DASHBOARD}
        />
      )}
      {value && !error && (
        <Box style={{ opacity: loading ? 0.6 : 1 }}>
          <CostDashboardView data={value} team={team} onTeam={setTeam} />
        </Box>
      )}
    </>
  );
}

/**
 * /cost. Whoever the permission policy refuses (opened by URL, say) sees why and who can grant it
 * instead of the dashboard; the backend refuses the data to them as well.
 */
export function CostPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Platform cost"
        subtitle="What the clusters cost, who spends it, and what Karpenter saves"
      />
      <Content>
        <RequireAccess
          permission={platformCostDashboardReadPermission}
          what={DASHBOARD}
        >
          <CostDashboardContent />
        </RequireAccess>
      </Content>
    </Page>
  );
}
