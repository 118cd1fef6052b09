import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_STATUSES,
  ComplianceControl,
  ComplianceResponse,
  SEVERITIES,
} from '@internal/plugin-security-findings-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { securityFindingsApiRef } from '../../api';
import { SeverityChip, usePolling } from '@internal/pier-react';
import { OneLine } from '../shared';

const STATUS_LABEL = {
  FAILED: 'Failed',
  WARNING: 'Warning',
  NOT_AVAILABLE: 'Not available',
  PASSED: 'Passed',
} as const;

const columns: TableColumn<ComplianceControl>[] = [
  {
    title: 'Control',
    field: 'controlId',
    cellStyle: { whiteSpace: 'nowrap' },
    render: c =>
      c.remediationUrl ? (
        <Link to={c.remediationUrl}>{c.controlId}</Link>
      ) : (
        c.controlId
      ),
  },
  {
    title: 'Title',
    field: 'title',
    render: c => <OneLine text={c.title} maxWidth="40ch" />,
  },
  {
    title: 'Severity',
    field: 'severity',
    render: c => <SeverityChip severity={c.severity} />,
  },
  {
    title: 'Standards',
    field: 'standards',
    render: c => <OneLine text={c.standards.join(', ')} maxWidth="24ch" />,
  },
  ...COMPLIANCE_STATUSES.map(s => ({
    title: STATUS_LABEL[s],
    field: `counts.${s}`,
    type: 'numeric' as const,
  })),
  {
    title: 'Failing resources',
    field: 'failingResources',
    type: 'numeric',
  },
];

function FailingResources(props: { control: ComplianceControl }) {
  const { control } = props;
  return (
    <Box px={4} py={2}>
      {control.failing.length === 0 ? (
        <Typography variant="body2">
          Every evaluated resource passes.
        </Typography>
      ) : (
        control.failing.map(r => (
          <Typography key={`${r.accountId}/${r.resourceId}`} variant="body2">
            <strong>{STATUS_LABEL[r.status]}</strong> {r.resourceType}{' '}
            <code>{r.resourceId}</code> ({r.accountId}, {r.region};{' '}
            {r.standards.join(', ')})
          </Typography>
        ))
      )}
      {control.failingResources > control.failing.length && (
        <Typography variant="caption">
          and {control.failingResources - control.failing.length} more
        </Typography>
      )}
    </Box>
  );
}

function Compliance(props: { data: ComplianceResponse }) {
  const { data } = props;
  if (!data.enabled) {
    return (
      <Typography>
        Compliance controls are not ingested
        (securityFindings.complianceControls is false).
      </Typography>
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={`Compliance control findings (${data.totals.findings})`}
          subheader="Security Hub configuration checks (CIS, AWS FSBP, NIST, PCI DSS). Not vulnerabilities: not counted as open findings, SLA breaches or per service."
        >
          <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
            {COMPLIANCE_STATUSES.map(s => (
              <Box key={s} data-testid={`compliance-${s}`}>
                <Typography variant="caption">{STATUS_LABEL[s]}</Typography>
                <Typography variant="h5">{data.totals.counts[s]}</Typography>
              </Box>
            ))}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Controls failing (of ${data.totals.controls})`}>
          {SEVERITIES.slice(0, 4).map(s => (
            <Typography key={s} data-testid={`failed-controls-${s}`}>
              <SeverityChip severity={s} /> {data.totals.failedControls[s]}{' '}
              failing
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table
          title="By account"
          options={{ paging: false, padding: 'dense', search: false }}
          columns={[
            { title: 'Account', field: 'accountId' },
            { title: 'Region', field: 'region' },
            { title: 'Controls', field: 'controls', type: 'numeric' },
            {
              title: 'Controls failing',
              field: 'failedControls',
              type: 'numeric',
            },
            ...COMPLIANCE_STATUSES.map(s => ({
              title: STATUS_LABEL[s],
              field: `counts.${s}`,
              type: 'numeric' as const,
            })),
          ]}
          data={data.accounts}
        />
      </Grid>
      <Grid item xs={12}>
        <Table
          title="By control"
          subtitle="One finding per resource and standard; open a row for the failing resources."
          options={{
            paging: true,
            pageSize: 20,
            padding: 'dense',
            search: true,
          }}
          columns={columns}
          data={data.controls}
          detailPanel={({ rowData }) => <FailingResources control={rowData} />}
        />
      </Grid>
    </Grid>
  );
}

/** The compliance-controls view of the Security page, loaded on its own. */
export function ComplianceControls() {
  const api = useApi(securityFindingsApiRef);
  const { loading, value, error } = usePolling(
    () => api.getCompliance(),
    [api],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography color="error">
        Compliance controls could not be loaded: {error.message}
      </Typography>
    );
  }
  return value ? <Compliance data={value} /> : null;
}
