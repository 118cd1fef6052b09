import fs from 'node:fs';
import path from 'node:path';

/**
 * A documented upstream answer, kept as a file under `packages/platform-sim/contracts/<upstream>/`.
 * Both platform-sim's answers (shape) and the plugins' parsers (behaviour) are tested against
 * these, so neither side can drift from the vendor's API without a test failing.
 */
export interface Contract {
  /** Upstream directory, e.g. `argocd`, `securityhub`. */
  upstream: string;
  /** File name without `.json`. */
  name: string;
  /** Where the shape comes from: the vendor's API reference, SDK model or a recorded answer. */
  source: string;
  /** The real-world variant it stands for (e.g. "compliance-control finding, no Vulnerabilities"). */
  variant: string;
  /** The request that gets this answer (method and path, with query). */
  request: { method: string; path: string };
  /** Paths whose object keys are data (labels, tags), written as in `shapeOf` (e.g. `$.items[].metadata.labels`). */
  maps?: string[];
  /** The response body, as the vendor documents it. */
  body: unknown;
}

/** The directory that holds the contract files. */
export const CONTRACTS_DIR = path.join(
  path.dirname(require.resolve('@internal/platform-sim/package.json')),
  'contracts',
);

function check(
  file: string,
  raw: any,
): asserts raw is Omit<Contract, 'upstream' | 'name'> {
  const missing = ['source', 'variant', 'request', 'body'].filter(
    k => !(k in raw),
  );
  if (missing.length > 0) {
    throw new Error(`contract ${file} lacks ${missing.join(', ')}`);
  }
  if (
    typeof raw.source !== 'string' ||
    !/^(https?:\/\/|sdk:|recorded:)/.test(raw.source)
  ) {
    throw new Error(
      `contract ${file}: source must name where the shape comes from (https://…, sdk:…, recorded:…)`,
    );
  }
}

/** Every contract of one upstream, sorted by name. */
export function loadContracts(upstream: string): Contract[] {
  const dir = path.join(CONTRACTS_DIR, upstream);
  if (!fs.existsSync(dir))
    throw new Error(`no contracts for upstream ${upstream} in ${dir}`);
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .sort()
    .map(f => {
      const file = path.join(dir, f);
      const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      check(file, raw);
      return { upstream, name: f.replace(/\.json$/, ''), ...raw };
    });
}

/** The one contract with this name. */
export function loadContract(upstream: string, name: string): Contract {
  const found = loadContracts(upstream).find(c => c.name === name);
  if (!found) throw new Error(`no contract ${upstream}/${name}`);
  return found;
}

/** The upstreams that have contracts. */
export function contractUpstreams(): string[] {
  return fs
    .readdirSync(CONTRACTS_DIR, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => d.name)
    .sort();
}
