import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Config files merged as Backstage merges them: objects key by key, anything else replaced. */
function merge(base: any, over: any): any {
  if (
    base &&
    over &&
    typeof base === 'object' &&
    typeof over === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
    return out;
  }
  return over === undefined ? base : over;
}

/**
 * Pier's local configuration as `yarn start` loads it (app-config.yaml, then app-config.sim.yaml),
 * each file's text passed through `edit` first (ports moved, `${VAR:-default}` taken, …).
 */
export function localAppConfig(edit: (text: string) => string = t => t) {
  return ['app-config.yaml', 'app-config.sim.yaml']
    .map(f =>
      yaml.parse(edit(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8'))),
    )
    .reduce(merge, {});
}
