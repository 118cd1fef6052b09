import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  ErrorPanel,
  Link,
  Progress,
} from '@backstage/core-components';
import {
  BOARD_STATUS_FILTERS,
  BoardStatusFilter,
  DeploymentRow,
  DeploymentsBoard,
} from '@internal/plugin-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  EntityLink,
  Freshness,
  StatusChip,
  ageOf,
  formatAge,
  refName,
  useNow,
} from '@internal/pier-react';
import {
  BoardFilters,
  STATUS_LABELS,
  SortKey,
  filterRows,
  sortRows,
} from '../boardLogic';
import {
  ClusterBanners,
  Code,
  ReviewReasons,
  RevisionInfo,
  replacedTags,
} from '../shared';
import { ParityChips } from '../Parity';
import { useBoard } from '../useBoard';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
  filter: { minWidth: 170 },
  search: { minWidth: 260, flexGrow: 1 },
  review: {
    backgroundColor: alpha(theme.palette.warning.main, 0.12),
    '& > td:first-child': {
      borderLeft: `4px solid ${theme.palette.warning.main}`,
    },
  },
  bad: {
    backgroundColor: alpha(theme.palette.error.main, 0.12),
    '& > td:first-child': {
      borderLeft: `4px solid ${theme.palette.error.main}`,
    },
  },
  stale: { opacity: 0.65 },
  // Fixed columns (COLUMNS' widths) that wrap their text: at 1440 px the whole board fits, the
  // Needs review column included, without scrolling sideways.
  table: { tableLayout: 'fixed', minWidth: 960 },
  cell: { verticalAlign: 'top', overflowWrap: 'anywhere' },
  reasons: {
    verticalAlign: 'top',
    overflowWrap: 'anywhere',
    // a 40-character `git revert <sha>` breaks instead of pushing the column off screen
    '& code': { whiteSpace: 'normal', wordBreak: 'break-all' },
  },
}));

const COLUMNS: Array<{ key?: SortKey; label: string; width: string }> = [
  { key: 'service', label: 'Service', width: '14%' },
  { key: 'cluster', label: 'Cluster', width: '12%' },
  { key: 'health', label: 'Sync · health', width: '11%' },
  { key: 'lastSynced', label: 'Deployed revision', width: '18%' },
  { label: 'Version · prod vs nonprod', width: '15%' },
  { key: 'review', label: 'Needs review', width: '30%' },
];

function BoardRow(props: { row: DeploymentRow; now: number }) {
  const classes = useStyles();
  const { row, now } = props;
  const severe = row.needsReview.some(r =>
    ['Degraded', 'OperationFailed', 'ProgressingTooLong'].includes(r.kind),
  );
  let tone = '';
  if (row.needsReview.length) tone = severe ? classes.bad : classes.review;
  const rowClass = [tone, row.stale ? classes.stale : ''].join(' ');
  return (
    <TableRow
      className={rowClass}
      data-testid="deployment-row"
      data-service={row.service}
      data-cluster={row.cluster}
      aria-label={`${row.service} ${row.cluster}`}
    >
      <TableCell className={classes.cell}>
        <EntityLink entityRef={row.entityRef}>
          <strong>{row.title ?? row.service}</strong>
        </EntityLink>
        {row.owner && (
          <Typography variant="caption" component="div" color="textSecondary">
            <EntityLink entityRef={row.owner} />
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        {row.cluster}
        {row.app && (
          <Typography variant="caption" component="div">
            <Link to={row.app.url} target="_blank" rel="noopener">
              {row.app.name}
            </Link>
          </Typography>
        )}
        {row.stale && (
          <Typography variant="caption" component="div" color="error">
            stale
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        <StatusChip status={row.syncStatus} />{' '}
        <StatusChip status={row.health} />
        {row.operation &&
          ['Failed', 'Error', 'Running'].includes(row.operation.phase) && (
            <Typography variant="caption" component="div">
              sync {row.operation.phase.toLowerCase()}
            </Typography>
          )}
      </TableCell>
      <TableCell className={classes.cell}>
        <RevisionInfo revision={row.revision} now={now} />
        {row.targetRevision && (
          <Typography variant="caption" component="div">
            pending: <Code>{row.targetRevision.shortSha}</Code>
          </Typography>
        )}
        <Typography variant="caption" component="div" color="textSecondary">
          {row.lastSyncedAt
            ? `synced ${ageOf(row.lastSyncedAt, now)} ago`
            : 'never synced'}
        </Typography>
      </TableCell>
      <TableCell className={classes.cell}>
        {row.version ?? '–'}
        {replacedTags(row).length > 0 && (
          <Typography variant="caption" component="div">
            replacing {replacedTags(row).join(', ')}
          </Typography>
        )}
        {row.sidecarImages.length > 0 && (
          <Typography
            variant="caption"
            component="div"
            color="textSecondary"
            title={row.sidecarImages.join('\n')}
          >
            +{row.sidecarImages.length} sidecar
            {row.sidecarImages.length === 1 ? '' : 's'}
          </Typography>
        )}
        {row.images.length > 0 && row.serviceImages.length === 0 && (
          <Typography
            variant="caption"
            component="div"
            color="error"
            title="None of the application's images comes from the service's aws.amazon.com/ecr-repository or is named like the service"
          >
            own image not found
          </Typography>
        )}
        {row.replicas && (
          <Typography
            variant="caption"
            component="div"
            color={
              row.replicas.ready < row.replicas.desired
                ? 'error'
                : 'textSecondary'
            }
          >
            {row.replicas.ready}/{row.replicas.desired} ready
          </Typography>
        )}
        {row.drift && (
          <Typography variant="caption" component="div" color="error">
            {row.drift.revisionsBehind !== undefined
              ? `${row.drift.revisionsBehind} behind ${row.drift.aheadCluster}`
              : `behind ${row.drift.aheadCluster}`}
          </Typography>
        )}
        <ParityChips parity={row.parity} now={now} />
      </TableCell>
      <TableCell className={classes.reasons}>
        <ReviewReasons row={row} />
        {!row.app && (
          <Typography variant="caption" color="textSecondary">
            {row.healthMessage}
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

function NativeSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  const classes = useStyles();
  const id = `deployments-filter-${props.label.toLocaleLowerCase('en-US')}`;
  return (
    <TextField
      select
      id={id}
      className={classes.filter}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
    >
      <option value="">All</option>
      {props.options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/** The board itself, for a loaded board (exported for tests). */
export function BoardView(props: {
  board: DeploymentsBoard;
  loadedAt?: number;
  loading?: boolean;
  onRefresh?: () => void;
  now: number;
}) {
  const classes = useStyles();
  const { board, now } = props;
  const [filters, setFilters] = useState<BoardFilters>({});
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({
    key: 'review',
    dir: 'asc',
  });
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(50);

  const owners = useMemo(
    () =>
      [
        ...new Set(board.rows.map(r => r.owner).filter(Boolean) as string[]),
      ].sort(),
    [board.rows],
  );
  const rows = useMemo(
    () => sortRows(filterRows(board.rows, filters), sort.key, sort.dir),
    [board.rows, filters, sort],
  );
  const reviewCount = board.rows.filter(r => r.needsReview.length > 0).length;
  const set = (patch: Partial<BoardFilters>) => {
    setFilters(f => ({ ...f, ...patch }));
    setPage(0);
  };
  const visible = rows.slice(page * perPage, (page + 1) * perPage);

  return (
    <>
      <ClusterBanners sources={board.sources} now={now} />
      <Box className={classes.toolbar}>
        <TextField
          className={classes.search}
          label="Search"
          placeholder="service, version, commit, message…"
          value={filters.search ?? ''}
          onChange={e => set({ search: e.target.value })}
          variant="outlined"
          size="small"
        />
        <NativeSelect
          label="Owner"
          value={filters.owner ?? ''}
          onChange={v => set({ owner: v || undefined })}
          options={owners.map(o => ({ value: o, label: refName(o) }))}
        />
        <NativeSelect
          label="Status"
          value={filters.status ?? ''}
          onChange={v => set({ status: (v || undefined) as BoardStatusFilter })}
          options={BOARD_STATUS_FILTERS.map(s => ({
            value: s,
            label: STATUS_LABELS[s],
          }))}
        />
        <NativeSelect
          label="Cluster"
          value={filters.cluster ?? ''}
          onChange={v => set({ cluster: v || undefined })}
          options={board.clusters.map(c => ({ value: c, label: c }))}
        />
        <Box flexGrow={1} />
        <Typography variant="body2" color="textSecondary" aria-live="polite">
          {reviewCount} of {board.rows.length} need review ·{' '}
          <Freshness at={props.loadedAt} now={now} />
          {' · '}refreshes every {board.refreshSeconds} s
        </Typography>
        {props.onRefresh && (
          <Button
            size="small"
            startIcon={<RefreshIcon />}
            onClick={props.onRefresh}
            disabled={props.loading}
          >
            Refresh
          </Button>
        )}
      </Box>
      {board.rows.length === 0 ? (
        <EmptyState
          missing="data"
          title="No services with Argo CD applications"
          description="Components appear here when their catalog-info.yaml has the argocd/app-selector or argocd/app-name annotation."
        />
      ) : (
        <Paper>
          <TableContainer>
            <Table
              size="small"
              aria-label="Deployments"
              className={classes.table}
            >
              <TableHead>
                <TableRow>
                  {COLUMNS.map(c => (
                    <TableCell
                      key={c.label}
                      className={classes.cell}
                      style={{ width: c.width }}
                    >
                      {c.key ? (
                        <TableSortLabel
                          active={sort.key === c.key}
                          direction={sort.key === c.key ? sort.dir : 'asc'}
                          onClick={() =>
                            setSort(s => ({
                              key: c.key!,
                              dir:
                                s.key === c.key && s.dir === 'asc'
                                  ? 'desc'
                                  : 'asc',
                            }))
                          }
                        >
                          {c.label}
                        </TableSortLabel>
                      ) : (
                        c.label
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {visible.map(row => (
                  <BoardRow key={row.id} row={row} now={now} />
                ))}
                {rows.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={COLUMNS.length}>
                      <Typography align="center">
                        No row matches these filters.
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination
            component="div"
            count={rows.length}
            page={page}
            rowsPerPage={perPage}
            rowsPerPageOptions={[50, 100, 250]}
            onPageChange={(_e, p) => setPage(p)}
            onRowsPerPageChange={e => {
              setPerPage(Number(e.target.value));
              setPage(0);
            }}
          />
        </Paper>
      )}
    </>
  );
}

/** The `/deployments` page: every service × cluster. */
export function DeploymentsBoardPage() {
  const { board, error, loading, loadedAt, reload } = useBoard();
  const now = useNow();
  let body;
  if (!board && loading) {
    body = <Progress />;
  } else if (!board && error) {
    body = (
      <ErrorPanel
        title="The deployments board could not be loaded"
        error={error}
      />
    );
  } else if (board) {
    body = (
      <>
        {error && (
          <Box mb={2}>
            <ErrorPanel
              title={`Refresh failed; showing the board loaded ${
                loadedAt ? formatAge(now - loadedAt) : ''
              } ago`}
              error={error}
            />
          </Box>
        )}
        <BoardView
          board={board}
          loadedAt={loadedAt}
          loading={loading}
          onRefresh={reload}
          now={now}
        />
      </>
    );
  }
  return <Content>{body}</Content>;
}
