import {
  DeploymentRow,
  ParityDetail,
  ParityField,
  ServiceParity,
} from '@internal/plugin-deployments-common';
import { AppSummary } from './types';

type Values = Record<string, string | undefined>;

/** A row and the application it was built from. */
export interface FoundApp {
  row: DeploymentRow;
  app: AppSummary;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A setting as it would read in any cluster: the cluster's own name, as a whole word in a path or
 * file name (`apps/prod/…`, `values-prod.yaml`), stands for `{cluster}`, so per-cluster folders by
 * design are no difference, while `nonprod` in prod's value still is.
 */
export function normalizeForCluster(value: string, cluster: string): string {
  return value.includes(cluster)
    ? value.replace(clusterWord(cluster), '$1{cluster}')
    : value;
}

/** The cluster's name as a whole word, compiled once per cluster (a board compares thousands of settings). */
const clusterWords = new Map<string, RegExp>();
function clusterWord(cluster: string): RegExp {
  let word = clusterWords.get(cluster);
  if (!word) {
    word = new RegExp(
      `(^|[^A-Za-z0-9])${escape(cluster)}(?=$|[^A-Za-z0-9])`,
      'g',
    );
    clusterWords.set(cluster, word);
  }
  return word;
}

function differs(values: Values): boolean {
  const seen = Object.values(values);
  return seen.some(v => v !== undefined) && new Set(seen).size > 1;
}

function said(clusters: string[], values: Values, none = 'none'): string {
  return clusters.map(c => `${c} ${values[c] ?? none}`).join(', ');
}

function field(
  kind: ParityField['field'],
  label: string,
  values: Values,
  message: (values: Values) => string,
): ParityField {
  const different = differs(values);
  return {
    field: kind,
    label,
    values,
    differs: different,
    ...(different ? { message: message(values) } : {}),
  };
}

function byCluster(
  found: FoundApp[],
  read: (f: FoundApp) => string | undefined,
) {
  return Object.fromEntries(found.map(f => [f.row.cluster, read(f)])) as Values;
}

/** The settings that differ once each cluster's own name is read as `{cluster}`. */
export function configDetails(found: FoundApp[]): ParityDetail[] {
  const keys = [
    ...new Set(found.flatMap(f => Object.keys(f.app.source?.settings ?? {}))),
  ].sort();
  const details: ParityDetail[] = [];
  for (const key of keys) {
    const raw = byCluster(found, f => f.app.source?.settings[key]);
    const normalized = Object.fromEntries(
      found.map(f => {
        const v = raw[f.row.cluster];
        return [
          f.row.cluster,
          v === undefined ? undefined : normalizeForCluster(v, f.row.cluster),
        ];
      }),
    );
    if (new Set(Object.values(normalized)).size > 1) {
      details.push({ key, values: raw });
    }
  }
  return details;
}

function configField(clusters: string[], found: FoundApp[]): ParityField {
  const details = configDetails(found);
  // Per cluster: the same settings, or how many of those that differ it sets (each listed in
  // `details`), not a count of settings that says nothing on its own.
  const values = byCluster(found, f => {
    if (!f.app.source) return undefined;
    if (details.length === 0) return 'same';
    const set = details.filter(d => d.values[f.row.cluster] !== undefined);
    return `${set.length} of ${details.length} differing settings set`;
  });
  const shown = details
    .slice(0, 3)
    .map(d => d.key)
    .join(', ');
  return {
    field: 'config',
    label: 'Config',
    values,
    differs: details.length > 0,
    ...(details.length > 0
      ? {
          message: `${details.length} setting${
            details.length === 1 ? ' differs' : 's differ'
          } between ${clusters.join(' and ')}: ${shown}${
            details.length > 3 ? ', …' : ''
          }`,
          details,
        }
      : {}),
  };
}

function replicasField(clusters: string[], found: FoundApp[]): ParityField {
  const desired = byCluster(found, f =>
    f.row.replicas ? String(f.row.replicas.desired) : undefined,
  );
  const shown = byCluster(found, f =>
    f.row.replicas
      ? `${f.row.replicas.desired} desired, ${f.row.replicas.ready} ready`
      : undefined,
  );
  const compared = field(
    'replicas',
    'Replicas',
    desired,
    v => `Desired replicas: ${said(clusters, v, 'unknown')}`,
  );
  return { ...compared, values: shown };
}

function lastSyncField(clusters: string[], found: FoundApp[]): ParityField {
  const sync = byCluster(found, f => f.row.syncStatus);
  const different = differs(sync);
  return {
    field: 'lastSync',
    label: 'Last sync',
    values: byCluster(found, f => f.row.lastSyncedAt),
    differs: different,
    ...(different ? { message: `Sync status: ${said(clusters, sync)}` } : {}),
  };
}

/** A service's clusters compared: one app per cluster, at least two clusters. */
export function compareClusters(
  found: FoundApp[],
  boardClusters: string[],
): ServiceParity | undefined {
  const clusters = boardClusters.filter(c =>
    found.some(f => f.row.cluster === c),
  );
  if (clusters.length < 2 || found.length !== clusters.length) return undefined;
  const fields: ParityField[] = [
    field(
      'version',
      'Version',
      byCluster(found, f => f.row.version),
      v => `Version: ${said(clusters, v, 'unknown')}`,
    ),
    replicasField(clusters, found),
    field(
      'source',
      'Git source',
      byCluster(found, f => f.app.source?.revision),
      v => `Tracks: ${said(clusters, v, 'no revision')}`,
    ),
    configField(clusters, found),
    lastSyncField(clusters, found),
  ];
  return {
    clusters,
    fields,
    differing: fields.filter(f => f.differs).map(f => f.field),
  };
}

/** Sets the service's parity on each of its rows (one shared object, built once per board). */
export function attachParity(found: FoundApp[], boardClusters: string[]) {
  const parity = compareClusters(found, boardClusters);
  if (!parity) return;
  for (const { row } of found) row.parity = parity;
}
