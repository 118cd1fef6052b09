import { ClusterOverview } from '@internal/plugin-service-overview-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { ageOf, formatUsd } from '@internal/pier-react';
import { formatMs, formatRate, formatVersion } from './format';

function rows(c: ClusterOverview): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const d = c.deploy;
  if (d) {
    out.push(['Version', d.version ? formatVersion(d.version) : 'unknown']);
    out.push(['Argo CD', `${d.syncStatus}, ${d.health}`]);
    if (d.replicas) {
      out.push([
        'Replicas',
        `${d.replicas.ready} of ${d.replicas.desired} ready`,
      ]);
    }
    const synced = ageOf(d.lastSyncedAt, Date.now());
    if (synced) out.push(['Last sync', `${synced} ago`]);
  }
  if (c.security) {
    const { critical, high } = c.security;
    out.push([
      'Running CVEs',
      critical + high
        ? `${critical} critical, ${high} high`
        : 'no critical or high',
    ]);
  }
  const a = c.apm;
  if (a?.p95 !== undefined) {
    out.push([
      'p95 latency',
      `${formatMs(a.p95)}${
        a.previousP95 !== undefined && a.previousVersion
          ? ` (${formatVersion(a.previousVersion)}: ${formatMs(a.previousP95)})`
          : ''
      }`,
    ]);
  }
  if (a?.errorRate !== undefined) {
    out.push([
      'Errors',
      `${formatRate(a.errorRate)}${
        a.previousErrorRate !== undefined && a.previousVersion
          ? ` (${formatVersion(a.previousVersion)}: ${formatRate(
              a.previousErrorRate,
            )})`
          : ''
      }`,
    ]);
  }
  if (c.cost) out.push(['Cost', `${formatUsd(c.cost.monthly)} / 30 days`]);
  return out;
}

/** The facts behind a cluster's verdict, one per line. */
export function ClusterFacts(props: { cluster: ClusterOverview }) {
  const facts = rows(props.cluster);
  if (!facts.length) return null;
  return (
    <Table size="small" style={{ marginTop: 8 }}>
      <TableBody>
        {facts.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" style={{ width: '40%', paddingLeft: 0 }}>
              {k}
            </TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
