import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefusalOrErrorPanel } from '@internal/access-react';
import {
  Finding,
  SEVERITIES,
  SLA_DAYS,
  ageInDays,
  isSuppressed,
  slaOverdueDays,
} from '@internal/plugin-security-findings-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { securityFindingsApiRef } from '../../api';
import { SeverityChip, usePolling } from '@internal/pier-react';
import { IngestionBanner, OneLine, packageColumns } from '../shared';

type Shown = 'open' | 'suppressed' | 'all';

function SlaBadge(props: { finding: Finding }) {
  const { severity, firstObservedAt, workflowStatus } = props.finding;
  const overdue = slaOverdueDays(
    severity,
    firstObservedAt,
    workflowStatus,
    Date.now(),
  );
  if (overdue === undefined || overdue <= 0) return null;
  return (
    <Tooltip
      title={`${severity} findings must be fixed within ${SLA_DAYS[severity]} days; this one is ${overdue} days late`}
    >
      <Chip size="small" color="secondary" label={`${overdue} d past SLA`} />
    </Tooltip>
  );
}

const columns: TableColumn<Finding>[] = [
  {
    title: 'Severity',
    field: 'severity',
    lookup: Object.fromEntries(SEVERITIES.map(s => [s, s])),
    customSort: (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    render: f => <SeverityChip severity={f.severity} />,
  },
  {
    // Package findings are titled "<CVE> - <package>"; show the title only when there is no CVE.
    title: 'CVE',
    field: 'cve',
    cellStyle: { whiteSpace: 'nowrap' },
    render: f => f.cve ?? f.title,
  },
  {
    // The image (tag, digest on hover) and where that image runs now.
    title: 'Image, running in',
    field: 'running',
    customFilterAndSearch: (term, f) =>
      String(term) === 'registry only'
        ? f.running.length === 0
        : f.running.some(r => r.cluster.includes(String(term))) ||
          `${f.imageTags.join(' ')} ${f.imageDigest ?? ''}`.includes(
            String(term),
          ),
    customSort: (a, b) => b.running.length - a.running.length,
    render: f => (
      <>
        <OneLine
          text={f.imageTags.join(', ') || f.imageDigest?.slice(0, 19)}
          title={`${f.repository ?? 'image'}@${
            f.imageDigest ?? 'unknown digest'
          }`}
          maxWidth="18ch"
        />
        {f.running.length ? (
          f.running.map(r => (
            <Tooltip
              key={`${r.cluster}/${r.namespace}`}
              title={`${r.pods} pod${r.pods === 1 ? '' : 's'} in namespace ${
                r.namespace
              }`}
            >
              <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
                <strong>{r.cluster}</strong> since {r.since.slice(0, 10)}
              </Typography>
            </Tooltip>
          ))
        ) : (
          <Typography
            variant="body2"
            color="textSecondary"
            style={{ whiteSpace: 'nowrap' }}
          >
            registry only
          </Typography>
        )}
      </>
    ),
  },
  ...packageColumns<Finding>('20ch'),
  {
    title: 'First seen',
    field: 'firstObservedAt',
    defaultSort: 'asc',
    filtering: false,
    cellStyle: { whiteSpace: 'nowrap' },
    render: f => (
      <>
        {f.firstObservedAt.slice(0, 10)}
        <Typography variant="caption" display="block">
          {ageInDays(f.firstObservedAt, Date.now())} days ago
        </Typography>
        <SlaBadge finding={f} />
      </>
    ),
  },
  {
    title: 'Workflow',
    field: 'workflowStatus',
    render: f =>
      isSuppressed(f.workflowStatus) ? (
        <Tooltip title="Accepted risk in SecurityHub: not counted as open, no SLA">
          <Chip size="small" variant="outlined" label="SUPPRESSED" />
        </Tooltip>
      ) : (
        f.workflowStatus
      ),
  },
];

/** What to do about one finding: shown when its row is opened. */
function FindingDetail(props: { finding: Finding }) {
  const f = props.finding;
  return (
    <Box px={4} py={2}>
      <Typography variant="subtitle2">{f.title}</Typography>
      <Typography variant="body2">
        {f.remediation ?? 'No remediation text from SecurityHub or Inspector.'}{' '}
        {f.remediationUrl && <Link to={f.remediationUrl}>Advisory</Link>}
      </Typography>
      {f.packages.map((p, i) => (
        <Typography
          key={`${p.name}:${i}`}
          variant="caption"
          display="block"
          data-testid="package-detail"
        >
          {`${p.name} ${p.installedVersion} → ${
            p.fixedInVersion ?? 'no fix yet'
          } (${p.packageManager ?? 'unknown package manager'}${
            p.filePath ? `, path ${p.filePath}` : ''
          })`}
        </Typography>
      ))}
      <Typography variant="caption" display="block" color="textSecondary">
        {[
          f.imageDigest && `image ${f.repository ?? ''}@${f.imageDigest}`,
          `account ${f.accountId}, ${f.region}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
    </Box>
  );
}

export function EntitySecurityContent() {
  const { entity } = useEntity();
  const api = useApi(securityFindingsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { loading, value, error } = usePolling(
    () => api.getEntityFindings(entityRef),
    [api, entityRef],
  );
  const [shown, setShown] = useState<Shown>('open');
  if (loading) return <Progress />;
  if (error) {
    return (
      <RefusalOrErrorPanel
        error={error}
        title="Security findings could not be loaded; try again, or check the security-findings backend's log"
        what="This service's security findings"
      />
    );
  }
  const data = value!;
  const count = (c: Record<string, number>) =>
    Object.values(c).reduce((a, b) => a + b, 0);
  const suppressed = count(data.counts.suppressed);
  const rows = data.findings.filter(f =>
    shown === 'all'
      ? true
      : isSuppressed(f.workflowStatus) === (shown === 'suppressed'),
  );
  const show = (which: Shown, label: string) => (
    <Button
      variant={shown === which ? 'contained' : 'outlined'}
      onClick={() => setShown(which)}
    >
      {label}
    </Button>
  );
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <IngestionBanner status={data.status} />
        {data.problems.map(p => (
          <WarningPanel
            key={p.annotation}
            severity="error"
            title={`Annotation ${p.annotation} needs fixing`}
            message={p.message}
          />
        ))}
      </Grid>
      <Grid item xs={12}>
        {!data.status.lastSuccessAt ? (
          <InfoCard title="Findings">
            <Typography>
              No findings have been ingested yet. The first ingestion runs
              shortly after the backend starts;
              {data.status.lastRun?.error
                ? ` the last attempt failed: ${data.status.lastRun.error}`
                : ' check back in a minute.'}
            </Typography>
          </InfoCard>
        ) : (
          <>
            <Box mb={2}>
              <InfoCard title="Open findings by severity">
                <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
                  {SEVERITIES.map(s => (
                    <Box key={s} data-testid={`count-${s}`}>
                      <SeverityChip severity={s} />
                      <Typography variant="h5">
                        {data.counts.running[s]}
                      </Typography>
                      <Typography variant="caption">
                        running, {data.counts.registryOnly[s]} registry only
                      </Typography>
                    </Box>
                  ))}
                </Box>
                <Typography
                  variant="body2"
                  color="textSecondary"
                  data-testid="count-suppressed"
                >
                  Not counted: {suppressed} suppressed in SecurityHub (accepted
                  risks, no SLA).
                </Typography>
              </InfoCard>
            </Box>
            <Box mb={1} display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="body2">Show:</Typography>
              <ButtonGroup size="small" aria-label="Which findings">
                {show(
                  'open',
                  `Open (${
                    count(data.counts.running) + count(data.counts.registryOnly)
                  })`,
                )}
                {show('suppressed', `Suppressed (${suppressed})`)}
                {show('all', 'All')}
              </ButtonGroup>
              <Typography variant="body2" color="textSecondary">
                Open a row (›) for the remediation, advisory link and package
                path.
              </Typography>
            </Box>
            <Table
              title={
                {
                  open: `Open findings (${count(
                    data.counts.running,
                  )} on running images, ${count(
                    data.counts.registryOnly,
                  )} registry only)`,
                  suppressed: `Suppressed findings (${suppressed}, accepted risks)`,
                  all: `All findings (${data.findings.length}, open and suppressed)`,
                }[shown]
              }
              options={{
                filtering: true,
                paging: true,
                pageSize: 20,
                padding: 'dense',
              }}
              columns={columns}
              data={rows}
              detailPanel={[
                {
                  tooltip: 'Remediation and details',
                  render: ({ rowData }) => <FindingDetail finding={rowData} />,
                },
              ]}
              emptyContent={
                <Box p={2}>
                  <Typography>
                    {shown === 'suppressed'
                      ? 'No suppressed findings for this service.'
                      : 'No open findings for this service. Its images are clean as of the last refresh.'}
                  </Typography>
                </Box>
              }
            />
          </>
        )}
      </Grid>
    </Grid>
  );
}
