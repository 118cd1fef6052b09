import path from 'node:path';

const repoRoot = path.join(__dirname, '../../..');

/**
 * Where an e2e screenshot goes: `test-results/screenshots/` on every run, so the test command
 * leaves the tree clean; `docs/images/` (the README's pictures) only when asked for on purpose
 * with `PIER_DOCS_IMAGES=1` (`yarn docs:images` against a running portal).
 */
export function screenshotPath(name: string): string {
  const file = name.endsWith('.png') ? name : `${name}.png`;
  return process.env.PIER_DOCS_IMAGES === '1'
    ? path.join(repoRoot, 'docs/images', file)
    : path.join(repoRoot, 'test-results/screenshots', file);
}
