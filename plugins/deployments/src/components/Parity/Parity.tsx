import {
  ParityField,
  ServiceParity,
} from '@internal/plugin-deployments-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { ageOf } from '@internal/pier-react';

const useStyles = makeStyles(theme => ({
  chip: {
    color: theme.palette.text.primary,
    marginRight: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  // What was meant to be the same (version, source, config) stands out; replicas and sync
  // often differ by design, so they are said without alarm.
  drift: { borderColor: theme.palette.warning.main },
  differs: {
    backgroundColor: alpha(theme.palette.warning.main, 0.15),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  key: { fontFamily: 'monospace', wordBreak: 'break-all' },
  cell: { verticalAlign: 'top' },
}));

/** How a sentence names each fact. */
const NAME: Record<ParityField['field'], string> = {
  version: 'version',
  replicas: 'replicas',
  source: 'Git source',
  config: 'config',
  lastSync: 'sync status',
};
const CHIP: Record<ParityField['field'], string> = {
  version: 'version differs',
  replicas: 'replicas differ',
  source: 'Git source differs',
  config: 'config differs',
  lastSync: 'sync status differs',
};
const DRIFT: ReadonlyArray<ParityField['field']> = [
  'version',
  'source',
  'config',
];

/** A value as a person reads it: last-sync times as ages, unknown as a dash. */
function shown(field: ParityField, cluster: string, now: number) {
  const value = field.values[cluster];
  if (value === undefined) return '–';
  return field.field === 'lastSync' ? `${ageOf(value, now)} ago` : value;
}

function tooltipOf(field: ParityField, parity: ServiceParity, now: number) {
  const lines = parity.clusters.map(c => `${c}: ${shown(field, c, now)}`);
  for (const d of field.details ?? []) {
    lines.push(
      `${d.key}: ${parity.clusters
        .map(c => `${c} ${d.values[c] ?? '(not set)'}`)
        .join(' · ')}`,
    );
  }
  return lines.join('\n');
}

/**
 * One chip per fact that differs between the clusters ("version differs"), each with prod's and
 * nonprod's values in its tooltip: for a row of the board.
 */
export function ParityChips(props: { parity?: ServiceParity; now: number }) {
  const classes = useStyles();
  const { parity, now } = props;
  if (!parity || parity.differing.length === 0) return null;
  return (
    <Box data-testid="parity-chips">
      {parity.fields
        .filter(f => f.differs)
        .map(f => (
          <Tooltip
            key={f.field}
            title={
              <span style={{ whiteSpace: 'pre-line' }}>
                {f.message ?? f.label}
                {'\n'}
                {tooltipOf(f, parity, now)}
              </span>
            }
          >
            <Chip
              size="small"
              variant="outlined"
              className={`${classes.chip} ${
                DRIFT.includes(f.field) ? classes.drift : ''
              }`}
              label={CHIP[f.field]}
              aria-label={`${f.label} differs: ${tooltipOf(f, parity, now)}`}
            />
          </Tooltip>
        ))}
    </Box>
  );
}

/**
 * The service's clusters side by side, one line per fact, what differs highlighted, and each
 * config setting that differs with its value in every cluster: for the service's Deployments tab.
 */
export function ParityTable(props: { parity: ServiceParity; now: number }) {
  const classes = useStyles();
  const { parity, now } = props;
  const details = parity.fields.flatMap(f => f.details ?? []);
  return (
    <>
      <Typography variant="body2" paragraph>
        {parity.differing.length === 0
          ? `${parity.clusters.join(
              ' and ',
            )} run the same version, replicas, source and config.`
          : `${parity.clusters.join(' and ')} differ in ${parity.fields
              .filter(f => f.differs)
              .map(f => NAME[f.field])
              .join(', ')}.`}
      </Typography>
      <Table size="small" aria-label="Clusters compared">
        <TableHead>
          <TableRow>
            <TableCell />
            {parity.clusters.map(c => (
              <TableCell key={c}>{c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {parity.fields.map(f => (
            <TableRow key={f.field} data-differs={f.differs}>
              <TableCell className={classes.cell}>
                {f.label}
                {f.differs && (
                  <Typography variant="caption" component="div">
                    {f.field === 'config' ? 'differs' : f.message}
                  </Typography>
                )}
              </TableCell>
              {parity.clusters.map(c => (
                <TableCell
                  key={c}
                  className={`${classes.cell} ${
                    f.differs ? classes.differs : ''
                  }`}
                >
                  {shown(f, c, now)}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {details.map(d => (
            <TableRow key={d.key} data-differs>
              <TableCell className={`${classes.cell} ${classes.key}`}>
                {d.key}
              </TableCell>
              {parity.clusters.map(c => (
                <TableCell
                  key={c}
                  className={`${classes.cell} ${classes.differs} ${classes.key}`}
                >
                  {d.values[c] ?? 'not set'}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
