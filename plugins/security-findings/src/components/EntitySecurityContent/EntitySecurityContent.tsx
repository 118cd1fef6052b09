import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Finding,
  SEVERITIES,
  SLA_DAYS,
  ageInDays,
  slaOverdueDays,
} from '@internal/plugin-security-findings-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { securityFindingsApiRef } from '../../api';
import { IngestionBanner, SeverityChip, useLoad } from '../shared';

function SlaBadge(props: { finding: Finding }) {
  const { severity, firstObservedAt, workflowStatus } = props.finding;
  const overdue = slaOverdueDays(severity, firstObservedAt, workflowStatus, Date.now());
  if (overdue === undefined || overdue <= 0) return null;
  return (
    <Chip
      size="small"
      color="secondary"
      label={`SLA breached: ${overdue} d over ${SLA_DAYS[severity]} d`}
    />
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
    title: 'Running in',
    field: 'running',
    customFilterAndSearch: (term, f) =>
      String(term) === 'registry only'
        ? f.running.length === 0
        : f.running.some(r => r.cluster.includes(String(term))),
    customSort: (a, b) => b.running.length - a.running.length,
    render: f =>
      f.running.length ? (
        f.running.map(r => (
          <Typography key={`${r.cluster}/${r.namespace}`} variant="body2">
            <strong>{r.cluster}</strong> since {r.since.slice(0, 10)} ({r.pods} pod
            {r.pods === 1 ? '' : 's'})
          </Typography>
        ))
      ) : (
        <Typography variant="body2" color="textSecondary">registry only</Typography>
      ),
  },
  { title: 'Package', field: 'packageName', render: f => (
      <>
        {f.packageName}
        {f.filePath && (
          <Typography variant="caption" display="block">{f.filePath}</Typography>
        )}
      </>
    ) },
  { title: 'Installed', field: 'installedVersion', cellStyle: { wordBreak: 'keep-all' } },
  { title: 'Fixed in', field: 'fixedInVersion', render: f => f.fixedInVersion ?? 'no fix yet' },
  {
    title: 'First seen',
    field: 'firstObservedAt',
    defaultSort: 'asc',
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
  { title: 'Workflow', field: 'workflowStatus' },
  {
    title: 'Image',
    field: 'imageTags',
    customFilterAndSearch: (term, f) =>
      `${f.imageTags.join(' ')} ${f.imageDigest ?? ''}`.includes(String(term)),
    render: f => (
      <>
        {f.imageTags.join(', ')}
        <Typography variant="caption" display="block" title={f.imageDigest}>
          {f.imageDigest?.slice(0, 19)}
        </Typography>
      </>
    ),
  },
  {
    title: 'Remediation',
    field: 'remediation',
    render: f => (
      <>
        {f.remediation}
        {f.remediationUrl && (
          <Typography variant="caption" display="block">
            <Link to={f.remediationUrl}>advisory</Link>
          </Typography>
        )}
      </>
    ),
  },
];

export function EntitySecurityContent() {
  const { entity } = useEntity();
  const api = useApi(securityFindingsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { loading, value, error } = useLoad(
    () => api.getEntityFindings(entityRef),
    [api, entityRef],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const data = value!;
  const count = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
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
              No findings have been ingested yet. The first ingestion runs shortly after the backend starts;
              {data.status.lastRun?.error ? ` the last attempt failed: ${data.status.lastRun.error}` : ' check back in a minute.'}
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
                      <Typography variant="h5">{data.counts.running[s]}</Typography>
                      <Typography variant="caption">
                        running, {data.counts.registryOnly[s]} registry only
                      </Typography>
                    </Box>
                  ))}
                </Box>
              </InfoCard>
            </Box>
            <Table
            title={`Findings (${count(data.counts.running)} on running images, ${count(data.counts.registryOnly)} registry only)`}
            options={{ filtering: true, paging: true, pageSize: 20, padding: 'dense' }}
            columns={columns}
            data={data.findings}
            emptyContent={
              <Box p={2}>
                <Typography>No open findings for this service. Its images are clean as of the last refresh.</Typography>
              </Box>
            }
          />
          </>
        )}
      </Grid>
    </Grid>
  );
}
