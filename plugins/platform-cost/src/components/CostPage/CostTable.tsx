import { CostLine } from '@internal/plugin-platform-cost-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EntityLink, formatPercent, formatUsd } from '@internal/pier-react';

function LineName(props: { line: CostLine; link?: boolean }) {
  const { line, link } = props;
  if (link && line.entityRef) {
    return <EntityLink entityRef={line.entityRef} title={line.title} />;
  }
  return line.key === '__idle__' ? <i>{line.title}</i> : <>{line.title}</>;
}

export function CostTable(props: {
  lines: CostLine[];
  selected?: string;
  onSelect?: (key: string) => void;
  link?: boolean;
  testId?: string;
}) {
  const { lines, selected, onSelect, link, testId } = props;
  if (lines.length === 0) {
    return <p>Nothing in this range.</p>;
  }
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell align="right">Cost</TableCell>
          <TableCell align="right">Share</TableCell>
          <TableCell align="right">Per month</TableCell>
          <TableCell align="right">On spot</TableCell>
          <TableCell align="right">On arm64</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {lines.map(l => {
          const idle = l.key === '__idle__';
          return (
            <TableRow
              key={l.key}
              hover={!!onSelect && !idle}
              selected={selected === l.key}
              onClick={onSelect && !idle ? () => onSelect(l.key) : undefined}
              style={{ cursor: onSelect && !idle ? 'pointer' : undefined }}
            >
              <TableCell>
                <LineName line={l} link={link} />
              </TableCell>
              <TableCell align="right">{formatUsd(l.cost)}</TableCell>
              <TableCell align="right">{formatPercent(l.share)}</TableCell>
              <TableCell align="right">{formatUsd(l.monthly)}</TableCell>
              <TableCell align="right">
                {idle ? '' : formatPercent(l.spotShare)}
              </TableCell>
              <TableCell align="right">
                {idle ? '' : formatPercent(l.armShare)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
