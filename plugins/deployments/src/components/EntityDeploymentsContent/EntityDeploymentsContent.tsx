import { useMemo } from 'react';
import {
  Content,
  EmptyState,
  ErrorPanel,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeploymentRow } from '@internal/plugin-deployments-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Freshness, StatusChip, ageOf, useNow } from '@internal/pier-react';
import {
  ClusterBanners,
  Code,
  ReviewReasons,
  RevisionInfo,
  RowImages,
  replacedTags,
} from '../shared';
import { ParityTable } from '../Parity';
import { useBoard } from '../useBoard';

// Sync numbers and ages are short; the commit message takes what is left.
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function ClusterCard(props: { row: DeploymentRow; now: number }) {
  const { row, now } = props;
  return (
    <InfoCard
      title={`${row.cluster}${row.stale ? ' (stale)' : ''}`}
      subheader={row.app?.name ?? row.healthMessage}
      deepLink={
        row.app ? { title: 'Open in Argo CD', link: row.app.url } : undefined
      }
    >
      <Box display="flex" gridGap={8} mb={2} alignItems="center">
        <StatusChip status={row.syncStatus} />
        <StatusChip status={row.health} />
        <Typography variant="body2">
          {row.version ? `version ${row.version}` : ''}
          {replacedTags(row).length > 0
            ? ` (replacing ${replacedTags(row).join(', ')})`
            : ''}
          {row.replicas
            ? ` · ${row.replicas.ready}/${row.replicas.desired} replicas ready`
            : ''}
          {row.lastSyncedAt
            ? ` · last synced ${ageOf(row.lastSyncedAt, now)} ago`
            : ''}
        </Typography>
      </Box>
      {row.healthMessage && row.app && (
        <Typography variant="body2" paragraph>
          {row.healthMessage}
        </Typography>
      )}
      <Typography variant="subtitle2">Deployed revision</Typography>
      <Box mb={2}>
        <RevisionInfo revision={row.revision} now={now} />
        {row.targetRevision && (
          <Typography variant="body2">
            pending in Git: <Code>{row.targetRevision.shortSha}</Code>{' '}
            {row.targetRevision.message}
          </Typography>
        )}
        {row.drift && (
          <Typography variant="body2" color="error">
            {row.drift.message}
          </Typography>
        )}
      </Box>
      <RowImages row={row} />
      <ReviewReasons row={row} />
      {row.history.length > 0 && (
        <>
          <Typography variant="subtitle2">History</Typography>
          <Table size="small" aria-label={`${row.cluster} history`}>
            <TableHead>
              <TableRow>
                <TableCell style={NO_WRAP}>#</TableCell>
                <TableCell>Revision</TableCell>
                <TableCell style={NO_WRAP}>Deployed</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {row.history.map(h => (
                <TableRow key={h.id}>
                  <TableCell style={NO_WRAP}>{h.id}</TableCell>
                  <TableCell>
                    {h.revision.commitUrl ? (
                      <Link
                        to={h.revision.commitUrl}
                        target="_blank"
                        rel="noopener"
                      >
                        <Code>{h.revision.shortSha}</Code>
                      </Link>
                    ) : (
                      <Code>{h.revision.shortSha}</Code>
                    )}{' '}
                    {h.revision.message}
                  </TableCell>
                  <TableCell style={NO_WRAP}>
                    {h.deployedAt ? `${ageOf(h.deployedAt, now)} ago` : '–'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
}

/** The entity tab: this service in every cluster, with history. */
export function EntityDeploymentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const query = useMemo(() => ({ entityRef }), [entityRef]);
  const { board, error, loading, loadedAt } = useBoard(query);
  const now = useNow();

  if (!board && loading) return <Progress />;
  if (!board) {
    return (
      <ErrorPanel
        title="Deployments could not be loaded"
        error={error ?? new Error('no data')}
      />
    );
  }
  return (
    <Content>
      <ClusterBanners sources={board.sources} now={now} />
      {board.rows.length === 0 ? (
        <EmptyState
          missing="data"
          title="No Argo CD application found"
          description="No application in any cluster matches this component's argocd/app-selector or argocd/app-name annotation."
        />
      ) : (
        <>
          <Typography variant="body2" color="textSecondary" paragraph>
            <Freshness label="Updated" at={loadedAt} now={now} /> ·{' '}
            <Link to="/deployments">all deployments</Link>
          </Typography>
          <Grid container spacing={3}>
            {board.rows[0].parity && (
              <Grid item xs={12}>
                <InfoCard title="Clusters compared">
                  <ParityTable parity={board.rows[0].parity} now={now} />
                </InfoCard>
              </Grid>
            )}
            {board.rows.map(row => (
              <Grid item xs={12} md={6} key={row.id}>
                <ClusterCard row={row} now={now} />
              </Grid>
            ))}
          </Grid>
        </>
      )}
    </Content>
  );
}
