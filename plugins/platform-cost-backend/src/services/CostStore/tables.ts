import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

export const TABLES = {
  snapshots: 'cost_snapshots',
  nodeHours: 'cost_node_hours',
  dailyCluster: 'cost_daily_cluster',
  dailyNodepool: 'cost_daily_nodepool',
  dailyService: 'cost_daily_service',
  removedNodes: 'cost_removed_nodes',
  priceFlags: 'cost_price_flags',
  backfills: 'cost_backfills',
  dashboards: 'cost_dashboards',
  answerGuards: 'cost_answer_guards',
  sourceStatus: 'cost_source_status',
} as const;

export async function migrateCostTables(db: Knex) {
  await db.migrate.latest({
    directory: resolvePackagePath(
      '@internal/plugin-platform-cost-backend',
      'migrations',
    ),
  });
}

/** Inserts rows in chunks small enough for SQLite's bound-parameter limit. */
export async function insertChunked(
  db: Knex | Knex.Transaction,
  table: string,
  rows: object[],
) {
  const size = Math.max(
    1,
    Math.floor(900 / Math.max(1, Object.keys(rows[0] ?? {}).length)),
  );
  for (let i = 0; i < rows.length; i += size) {
    await db(table).insert(rows.slice(i, i + size));
  }
}

/** Adds `values` to the numeric columns of a daily row, creating it when absent. */
export async function addToDaily(
  db: Knex | Knex.Transaction,
  table: string,
  key: string[],
  rows: Array<Record<string, string | number | null>>,
) {
  if (rows.length === 0) return;
  const numeric = Object.keys(rows[0]).filter(
    k => !key.includes(k) && typeof rows[0][k] === 'number',
  );
  const merge = Object.fromEntries(
    numeric.map(k => [
      k,
      db.raw(`COALESCE(??, 0) + excluded.??`, [`${table}.${k}`, k]),
    ]),
  );
  const size = Math.max(1, Math.floor(900 / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += size) {
    await db(table)
      .insert(rows.slice(i, i + size))
      .onConflict(key)
      .merge(merge);
  }
}

export const hourOf = (ms: number) =>
  new Date(Math.floor(ms / 3_600_000) * 3_600_000)
    .toISOString()
    .replace('.000Z', 'Z');
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) =>
  dayOf(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000);
