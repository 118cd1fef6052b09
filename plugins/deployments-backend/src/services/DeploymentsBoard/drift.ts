import { DeploymentRow } from '@internal/plugin-deployments-common';
import pLimit from 'p-limit';
import { ArgoCdClient } from '../ArgoCdClient';
import { compareVersions } from './serviceImages';
import { ClusterData } from './types';
import { RevisionInfoReader } from './revisionInfo';

export interface DriftOptions {
  clients: Map<string, ArgoCdClient>;
  revisionInfo: RevisionInfoReader;
  concurrency: number;
}

/** Each service's rows that have a version, by entity ref. */
function versionedRowsByService(rows: DeploymentRow[]) {
  const byService = new Map<string, DeploymentRow[]>();
  for (const row of rows) {
    if (!row.version || !row.app) continue;
    const group = byService.get(row.entityRef);
    if (group) group.push(row);
    else byService.set(row.entityRef, [row]);
  }
  return byService.values();
}

function newestOf(group: DeploymentRow[]): DeploymentRow {
  let newest = group[0];
  for (const row of group) {
    if ((compareVersions(row.version!, newest.version!) ?? 0) > 0) {
      newest = row;
    }
  }
  return newest;
}

function markBehind(
  row: DeploymentRow,
  ahead: DeploymentRow,
  count: number | undefined,
) {
  const behind =
    count === undefined
      ? `behind ${ahead.cluster}`
      : `${count} revision${count === 1 ? '' : 's'} behind ${ahead.cluster}`;
  row.drift = {
    aheadCluster: ahead.cluster,
    aheadVersion: ahead.version,
    behindVersion: row.version,
    ...(count !== undefined ? { revisionsBehind: count } : {}),
    message: `${row.cluster} ${behind} (${row.version} → ${ahead.version})`,
  };
  row.needsReview.push({
    kind: 'VersionDrift',
    message: `${row.cluster} ${behind}: ${ahead.cluster} runs ${ahead.version}, ${row.cluster} runs ${row.version}`,
  });
}

/** Adds version drift between clusters to the rows of the cluster that is behind. */
export async function addDrift(
  rows: DeploymentRow[],
  data: ClusterData[],
  options: DriftOptions,
) {
  const work: Array<() => Promise<void>> = [];
  for (const group of versionedRowsByService(rows)) {
    const ahead = newestOf(group);
    for (const row of group) {
      if (row === ahead || compareVersions(ahead.version!, row.version!) !== 1)
        continue;
      work.push(async () =>
        markBehind(
          row,
          ahead,
          await deploysSince(ahead, row.version!, data, options),
        ),
      );
    }
  }
  const limit = pLimit(options.concurrency);
  await Promise.all(work.map(fn => limit(fn)));
}

/**
 * How many deploys the ahead cluster has had since it ran `version`: walk its history from
 * the newest entry back to the commit that mentions that version (commit metadata is cached
 * forever, so this costs upstream calls only the first time).
 */
async function deploysSince(
  ahead: DeploymentRow,
  version: string,
  data: ClusterData[],
  options: DriftOptions,
): Promise<number | undefined> {
  const cluster = data.find(d => d.cluster === ahead.cluster);
  const app = cluster?.apps?.find(a => a.name === ahead.app?.name);
  const client = options.clients.get(ahead.cluster);
  if (!app || !client || cluster?.stale) return undefined;
  const mention = new RegExp(
    `(^|[^0-9A-Za-z.])v?${version.replace(
      /[.*+?^${}()|[\]\\]/g,
      '\\$&',
    )}($|[^0-9A-Za-z.])`,
  );
  for (let i = app.history.length - 1, n = 0; i >= 0; i--, n++) {
    const sha = app.history[i].revision;
    const info =
      app.revisions[sha] ?? (await options.revisionInfo(client, app.name, sha));
    if (info?.message && mention.test(info.message)) return n;
  }
  return undefined;
}
