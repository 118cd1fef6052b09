import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { platformCostApiRef } from '@internal/plugin-platform-cost';
import { securityFindingsApiRef } from '@internal/plugin-security-findings';
import { DashboardResponse } from '@internal/plugin-security-findings-common';
import { CostDashboard } from '@internal/plugin-platform-cost-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { formatUsd } from '@internal/pier-react';

/** Open critical + high findings now against a week before, from the dashboard's trend. */
function weekChange(dash: DashboardResponse): string {
  const t = dash.trend;
  if (t.length < 8) return '';
  const count = (i: number) => t[i].counts.CRITICAL + t[i].counts.HIGH;
  const diff = count(t.length - 1) - count(t.length - 8);
  return `${diff > 0 ? '+' : ''}${diff} in 7 days`;
}

/**
 * The daily cost rate of the last 7 covered days against the 7 before ("+4 % in 7 days"), from
 * the dashboard's trend; empty without two full weeks of data.
 */
export function costWeekChange(dash: CostDashboard): string {
  const rates = dash.trend
    .map(d => d.dailyRate)
    .filter((r): r is number => r !== null);
  if (rates.length < 14) return '';
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const before = mean(rates.slice(-14, -7));
  if (before <= 0) return '';
  const percent = Math.round((mean(rates.slice(-7)) / before - 1) * 100);
  return `${percent > 0 ? '+' : ''}${percent} % in 7 days`;
}

/** Cost and security of the lead's teams (or of every team, for a lead of none), with trends. */
export function LeadHeadlines(props: { teams: string[] }) {
  const costApi = useApi(platformCostApiRef);
  const securityApi = useApi(securityFindingsApiRef);
  const { value, loading, error } = useAsync(async () => {
    const [cost, security] = await Promise.all([
      costApi.getDashboard({ cluster: 'all', days: 30 }),
      securityApi.getDashboard(),
    ]);
    const mine = (owner: string) =>
      !props.teams.length ||
      props.teams.includes(owner.toLocaleLowerCase('en-US'));
    return {
      cost,
      security,
      openCriticalHigh:
        security.totals.open.CRITICAL + security.totals.open.HIGH,
      weekChange: weekChange(security),
      costChange: costWeekChange(cost),
      teams: security.teams.filter(t => mine(t.owner)),
      costByTeam: new Map(
        cost.teams.map(t => [t.key.toLocaleLowerCase('en-US'), t]),
      ),
    };
  }, [costApi, securityApi, props.teams.join(',')]);
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Typography variant="body2">
        Cost and security could not be read: {error?.message}
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" gutterBottom data-testid="home-lead-headline">
        All clusters: <b>{formatUsd(value.cost.total)}</b> over 30 days
        {value.costChange ? ` (${value.costChange})` : ''} ·{' '}
        <b>{value.openCriticalHigh}</b> open critical + high findings
        {value.weekChange ? ` (${value.weekChange})` : ''} ·{' '}
        <Link to="/cost">Cost</Link> · <Link to="/security">Security</Link>
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell align="right">Cost / month</TableCell>
            <TableCell align="right">Critical + high running</TableCell>
            <TableCell align="right">SLA breaches</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.teams.map(t => (
            <TableRow key={t.owner}>
              <TableCell>
                <EntityRefLink entityRef={t.owner} defaultKind="group" />
              </TableCell>
              <TableCell align="right">
                {value.costByTeam.get(t.owner.toLocaleLowerCase('en-US'))
                  ? formatUsd(
                      value.costByTeam.get(t.owner.toLocaleLowerCase('en-US'))!
                        .monthly,
                    )
                  : '—'}
              </TableCell>
              <TableCell align="right">{t.runningCriticalHigh}</TableCell>
              <TableCell align="right">{t.slaBreaches}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
