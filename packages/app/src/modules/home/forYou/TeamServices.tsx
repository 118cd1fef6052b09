import { Link, Progress, WarningPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import { serviceOverviewApiRef } from '@internal/plugin-service-overview';
import {
  ClusterOverview,
  ServiceOverview,
} from '@internal/plugin-service-overview-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { StatusChip } from '@internal/pier-react';

/** At most this many services are judged on the home page; the rest are a link away. */
const MAX_SERVICES = 12;

const LABELS: Record<ClusterOverview['verdict'], string> = {
  degraded: 'degraded',
  attention: 'attention',
  healthy: 'healthy',
  'not-deployed': 'not deployed',
  unknown: 'unknown',
};
const RANK = ['degraded', 'attention', 'unknown', 'healthy', 'not-deployed'];

function worst(o: ServiceOverview): number {
  return Math.min(...o.clusters.map(c => RANK.indexOf(c.verdict)), 9);
}

function useTeamOverviews(teams: string[]) {
  const catalogApi = useApi(catalogApiRef);
  const overviewApi = useApi(serviceOverviewApiRef);
  return useAsync(async () => {
    if (!teams.length) return { overviews: [], total: 0 };
    const { items, totalItems } = await catalogApi.queryEntities({
      filter: { kind: 'Component', 'relations.ownedBy': teams },
      limit: MAX_SERVICES,
      orderFields: { field: 'metadata.name', order: 'asc' },
    });
    const settled = await Promise.allSettled(
      items.map(e => overviewApi.getOverview(stringifyEntityRef(e))),
    );
    const overviews = settled
      .flatMap(s => (s.status === 'fulfilled' ? [s.value] : []))
      .sort((a, b) => worst(a) - worst(b));
    return {
      overviews,
      total: totalItems,
      failed: settled.length - overviews.length,
    };
  }, [catalogApi, overviewApi, teams.join(',')]);
}

/** The signed-in person's teams' services, worst verdict first, one chip per cluster. */
export function TeamServices(props: { teams: string[] }) {
  const { value, loading, error } = useTeamOverviews(props.teams);
  if (!props.teams.length) {
    return (
      <Typography variant="body2">
        You are in no team yet, so no service is yours:{' '}
        <Link to="/catalog?filters%5Bkind%5D=component">
          browse the catalog
        </Link>
        .
      </Typography>
    );
  }
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <WarningPanel
        title="Your team's services could not be read"
        message={error?.message}
      />
    );
  }
  const clusters = [
    ...new Set(value.overviews.flatMap(o => o.clusters.map(c => c.cluster))),
  ].sort();
  return (
    <>
      <Table size="small" data-testid="home-team-services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            {clusters.map(c => (
              <TableCell key={c}>{c}</TableCell>
            ))}
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.overviews.map(o => {
            const first = [...o.clusters].sort(
              (a, b) => RANK.indexOf(a.verdict) - RANK.indexOf(b.verdict),
            )[0];
            return (
              <TableRow key={o.entityRef}>
                {/* A service name never breaks mid-word: the "Why" column wraps instead. */}
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <EntityRefLink
                    entityRef={o.entityRef}
                    defaultKind="component"
                  />
                </TableCell>
                {clusters.map(c => {
                  const col = o.clusters.find(x => x.cluster === c);
                  return (
                    <TableCell key={c}>
                      {col && <StatusChip status={LABELS[col.verdict]} />}
                    </TableCell>
                  );
                })}
                <TableCell>
                  <Typography variant="body2">
                    {first && first.verdict !== 'healthy' ? first.headline : ''}
                  </Typography>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {value.total > value.overviews.length && (
        <Typography variant="caption">
          {value.overviews.length} of {value.total} services shown:{' '}
          <Link to="/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=owned">
            all your team's services
          </Link>
        </Typography>
      )}
    </>
  );
}
