import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeploymentRow,
  DeploymentsBoard,
  DeploymentsBoardQuery,
  rowMatchesStatus,
} from '@internal/plugin-deployments-common';

/** A built board with its rows indexed, shared read-only by every request until the next build. */
export interface IndexedBoard {
  board: DeploymentsBoard;
  /** Rows by entity ref (as the catalog spells it), in board order. */
  byRef: Map<string, DeploymentRow[]>;
  /** Distinct entity refs of the board, in board order. */
  refs: string[];
}

export function indexBoard(board: DeploymentsBoard): IndexedBoard {
  const byRef = new Map<string, DeploymentRow[]>();
  for (const row of board.rows) {
    const rows = byRef.get(row.entityRef);
    if (rows) rows.push(row);
    else byRef.set(row.entityRef, [row]);
  }
  return { board, byRef, refs: [...byRef.keys()] };
}

/** The spellings of a ref a query may match: as given, and as the catalog writes it. */
function spellings(value: string, defaultKind: string): string[] {
  try {
    const canonical = stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
    return canonical === value ? [value] : [value, canonical];
  } catch {
    return [value];
  }
}

/**
 * The rows a query selects, read from the index: a service page's `entityRef` costs one map
 * lookup, not a pass over the board; the query's refs are parsed once, not once per row.
 */
export function selectRows(
  indexed: IndexedBoard,
  query: DeploymentsBoardQuery,
): DeploymentRow[] {
  const candidates = query.entityRef
    ? spellings(query.entityRef, 'component').flatMap(
        ref => indexed.byRef.get(ref) ?? [],
      )
    : indexed.board.rows;
  const owners = query.owner ? spellings(query.owner, 'group') : undefined;
  if (!query.cluster && !owners && !query.status) return candidates;
  return candidates.filter(
    row =>
      (!query.cluster || row.cluster === query.cluster) &&
      (!owners || (!!row.owner && owners.includes(row.owner))) &&
      (!query.status || rowMatchesStatus(row, query.status)),
  );
}

/** The board with only the rows a query selects (no visibility applied). */
export function filterBoard(
  board: DeploymentsBoard,
  query: DeploymentsBoardQuery,
): DeploymentsBoard {
  return { ...board, rows: selectRows(indexBoard(board), query) };
}
