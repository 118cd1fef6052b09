import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { RefusalOrErrorPanel, RequireAccess } from '@internal/access-react';
import {
  DashboardResponse,
  DeployedVulnerable,
  securityFindingsDashboardReadPermission,
  SEVERITIES,
  Severity,
  TeamSummary,
  ServiceSummary,
} from '@internal/plugin-security-findings-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { securityFindingsApiRef } from '../../api';
import {
  EntityLink,
  SeverityChip,
  downloadFile,
  refName,
  usePolling,
} from '@internal/pier-react';
import { IngestionBanner, OneLine, packageColumns } from '../shared';
import { TrendChart } from './TrendChart';
import { ComplianceControls } from './ComplianceControls';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';

const serviceLink = (ref: string) => (
  <EntityLink entityRef={ref} tab="security" />
);
const ownerName = (ref: string) => refName(ref) || '(no owner)';
const counts = (field: 'open') =>
  SEVERITIES.slice(0, 4).map(s => ({
    title: s[0] + s.slice(1).toLowerCase(),
    field: `${field}.${s}`,
    type: 'numeric' as const,
  }));

const nowrap = { whiteSpace: 'nowrap' } as const;
const deployedColumns: TableColumn<DeployedVulnerable>[] = [
  {
    title: 'Severity',
    field: 'severity',
    render: r => <SeverityChip severity={r.severity} />,
  },
  {
    title: 'Service',
    field: 'entityRef',
    cellStyle: nowrap,
    render: r => serviceLink(r.entityRef),
  },
  {
    title: 'Team',
    field: 'owner',
    cellStyle: nowrap,
    render: r => ownerName(r.owner),
  },
  {
    title: 'Running in',
    field: 'cluster',
    cellStyle: nowrap,
    render: r => (
      <>
        <strong>{r.cluster}</strong>
        <Typography variant="caption" display="block">
          since {r.since.slice(0, 10)}
        </Typography>
      </>
    ),
  },
  { title: 'CVE', field: 'cve', cellStyle: nowrap },
  ...packageColumns<DeployedVulnerable>('22ch'),
  {
    title: 'Image',
    field: 'imageTags',
    render: r => <OneLine text={r.imageTags.join(', ')} maxWidth="14ch" />,
  },
];

const teamColumns: TableColumn<TeamSummary>[] = [
  {
    title: 'Team',
    field: 'owner',
    cellStyle: nowrap,
    render: t => ownerName(t.owner),
  },
  { title: 'Services', field: 'services', type: 'numeric' },
  {
    title: 'Running critical/high',
    field: 'runningCriticalHigh',
    type: 'numeric',
    defaultSort: 'desc',
  },
  { title: 'SLA breaches', field: 'slaBreaches', type: 'numeric' },
  ...counts('open'),
];

const serviceColumns: TableColumn<ServiceSummary>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    cellStyle: nowrap,
    render: s => serviceLink(s.entityRef),
  },
  {
    title: 'Team',
    field: 'owner',
    cellStyle: nowrap,
    render: s => ownerName(s.owner),
  },
  {
    title: 'Running critical/high',
    field: 'runningCriticalHigh',
    type: 'numeric',
    defaultSort: 'desc',
  },
  { title: 'SLA breaches', field: 'slaBreaches', type: 'numeric' },
  ...counts('open'),
  { title: 'Suppressed', field: 'suppressed', type: 'numeric' },
];

function Dashboard(props: { data: DashboardResponse }) {
  const { data } = props;
  const api = useApi(securityFindingsApiRef);
  const [days, setDays] = useState(30);
  const download = async (deployed: boolean) => {
    const blob = await api.downloadCsv({ deployed });
    downloadFile(
      deployed ? 'security-findings-deployed.csv' : 'security-findings.csv',
      blob,
    );
  };
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <IngestionBanner status={data.status} />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={`Open vulnerability findings (${data.totals.findings})`}
        >
          <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
            {SEVERITIES.map(s => (
              <Box key={s} data-testid={`total-${s}`}>
                <SeverityChip severity={s} />
                <Typography variant="h5">{data.totals.open[s]}</Typography>
                <Typography variant="caption">
                  {data.totals.running[s]} running
                </Typography>
              </Box>
            ))}
          </Box>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="total-suppressed"
          >
            Not counted:{' '}
            {SEVERITIES.reduce((n, s) => n + data.totals.suppressed[s], 0)}{' '}
            suppressed (accepted risks, listed on each service's Security tab).
          </Typography>
          <Box mt={2}>
            <Button
              variant="outlined"
              size="small"
              onClick={() => download(false)}
            >
              Export all (CSV)
            </Button>{' '}
            <Button
              variant="outlined"
              size="small"
              onClick={() => download(true)}
            >
              Export deployed (CSV)
            </Button>
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="SLA breaches (open past the remediation deadline)">
          {data.slaBreaches.map(b => (
            <Typography key={b.severity}>
              <SeverityChip severity={b.severity as Severity} /> {b.count} open
              longer than {b.slaDays} days
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table
          title={`Deployed and vulnerable: critical and high findings on images running now (${data.deployedVulnerable.length})`}
          subtitle="One row per finding and cluster: a finding running in both clusters is listed twice."
          options={{
            paging: true,
            pageSize: 10,
            padding: 'dense',
            search: true,
          }}
          columns={deployedColumns}
          data={data.deployedVulnerable}
          emptyContent={
            <Box p={2}>
              <Typography>
                No critical or high finding is on an image running now.
              </Typography>
            </Box>
          }
        />
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title={`Open critical and high, last ${days} days`}
          action={
            <ButtonGroup size="small">
              <Button
                variant={days === 30 ? 'contained' : 'outlined'}
                onClick={() => setDays(30)}
              >
                30 d
              </Button>
              <Button
                variant={days === 90 ? 'contained' : 'outlined'}
                onClick={() => setDays(90)}
              >
                90 d
              </Button>
            </ButtonGroup>
          }
        >
          <TrendChart points={data.trend} days={days} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Age of open findings">
          {data.ageing.map(b => (
            <Typography key={b.label} variant="body2">
              <strong>{b.label}</strong>: {b.counts.CRITICAL} critical,{' '}
              {b.counts.HIGH} high, {b.counts.MEDIUM} medium, {b.counts.LOW} low
            </Typography>
          ))}
        </InfoCard>
        <Box mt={2}>
          <InfoCard title="Per cluster (findings on running images)">
            {data.clusters.map(c => (
              <Typography key={c.cluster} variant="body2">
                <strong>{c.cluster}</strong>: {c.services} services,{' '}
                {c.running.CRITICAL} critical, {c.running.HIGH} high,{' '}
                {c.running.MEDIUM} medium
              </Typography>
            ))}
          </InfoCard>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <Table
          title="By team"
          options={{ paging: false, padding: 'dense', search: false }}
          columns={teamColumns}
          data={data.teams}
        />
      </Grid>
      <Grid item xs={12}>
        <Table
          title="Top CVEs across services"
          options={{ paging: false, padding: 'dense', search: false }}
          columns={[
            { title: 'CVE', field: 'cve', cellStyle: nowrap },
            {
              title: 'Severity',
              field: 'severity',
              render: c => <SeverityChip severity={c.severity} />,
            },
            { title: 'Services', field: 'services', type: 'numeric' },
            { title: 'Running in', field: 'runningServices', type: 'numeric' },
            {
              title: 'Fixed in',
              field: 'fixedIn',
              render: c => (
                <OneLine
                  text={c.fixedIn.length ? c.fixedIn.join(', ') : 'no fix yet'}
                  maxWidth="24ch"
                />
              ),
            },
          ]}
          data={data.topCves}
        />
      </Grid>
      <Grid item xs={12}>
        <Table
          title="By service"
          options={{ paging: true, pageSize: 10, padding: 'dense' }}
          columns={serviceColumns}
          data={data.services}
        />
      </Grid>
    </Grid>
  );
}

const DASHBOARD = 'The organisation-wide security dashboard and its CSV export';

/** Vulnerabilities (images and resources) and compliance controls, never mixed. */
function SecurityTabs() {
  const [tab, setTab] = useState(0);
  return (
    <>
      <Box mb={2}>
        <Tabs value={tab} onChange={(_e, v) => setTab(v)}>
          <Tab label="Vulnerabilities" />
          <Tab label="Compliance controls" />
        </Tabs>
      </Box>
      {tab === 0 ? <SecurityDashboardContent /> : <ComplianceControls />}
    </>
  );
}

function SecurityDashboardContent() {
  const api = useApi(securityFindingsApiRef);
  const { loading, value, error } = usePolling(() => api.getDashboard(), [api]);
  return (
    <>
      {loading && <Progress />}
      {error && (
        <RefusalOrErrorPanel
          error={error}
          title="Security findings could not be loaded; try again, or check the security-findings backend's log"
          what={DASHBOARD}
        />
      )}
      {value && !value.status.lastSuccessAt ? (
        <>
          <IngestionBanner status={value.status} />
          <Typography>
            No findings have been ingested yet; the first ingestion runs shortly
            after the backend starts.
          </Typography>
        </>
      ) : (
        value && <Dashboard data={value} />
      )}
    </>
  );
}

/**
 * /security. Whoever the permission policy refuses (opened by URL, say) sees why and who can grant
 * it instead of the dashboard; the backend refuses the data to them as well.
 */
export function SecurityPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security"
        subtitle="SecurityHub and Inspector findings across teams and services"
      />
      <Content>
        <RequireAccess
          permission={securityFindingsDashboardReadPermission}
          what={DASHBOARD}
        >
          <SecurityTabs />
        </RequireAccess>
      </Content>
    </Page>
  );
}
