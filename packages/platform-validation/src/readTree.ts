import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { SourceFile } from './types';

const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  '.terraform',
  'dist',
  'dist-types',
]);
const TEXT_FILE =
  /(\.(tf|tfvars|ya?ml|json|md|ts|js|mjs|cjs|sh)|(^|\/)Dockerfile(\.[^/]*)?)$/;

/** The nearest ancestor of `dir` (or `dir` itself) holding .git; `dir` when there is none. */
function treeRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}

/**
 * Reads the text files under `dir`. Paths are relative to the enclosing git repository's
 * root (so "infra/gitops/..." for `readTree("infra")`), which is what Argo CD paths are
 * relative to.
 */
export async function readTree(
  dir: string,
  options: { absolutePaths?: boolean } = {},
): Promise<SourceFile[]> {
  const absolute = resolve(dir);
  const root = options.absolutePaths ? '/' : treeRoot(absolute);
  const files: SourceFile[] = [];
  const walk = async (current: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(path);
      } else if (entry.isFile() && TEXT_FILE.test(entry.name)) {
        files.push({
          path: options.absolutePaths
            ? path
            : relative(root, path).split(sep).join('/'),
          content: await readFile(path, 'utf8'),
        });
      }
    }
  };
  await walk(absolute);
  return files;
}
