import fs from 'node:fs';
import path from 'node:path';

const backendDir = path.resolve(__dirname, '..');

/** The package.json of every npm package the backend depends on, directly or not. */
function npmDependencies(): Array<{ file: string; json: any }> {
  const seen = new Map<string, { file: string; json: any }>();
  const visit = (name: string, from: string) => {
    let file: string;
    try {
      file = require.resolve(`${name}/package.json`, { paths: [from] });
    } catch {
      return; // optional, or exports without package.json: no schema is read from it either
    }
    if (seen.has(file) || !file.includes('node_modules')) return;
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    seen.set(file, { file, json });
    for (const dep of Object.keys({
      ...json.dependencies,
      ...json.peerDependencies,
    }))
      visit(dep, path.dirname(file));
  };
  const backend = JSON.parse(
    fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
  );
  for (const dep of Object.keys(backend.dependencies)) visit(dep, backendDir);
  return [...seen.values()];
}

describe('config schemas the backend reads at start-up', () => {
  // @backstage/config-loader compiles a `configSchema: "*.d.ts"` with TypeScript at every start
  // (two copies of TypeScript loaded and kept, ~1 s): npm packages must ship JSON schemas. Pier's
  // own packages are built to config.schema.json; a third-party one gets a Yarn patch
  // (.yarn/patches, like @roadiehq/backstage-plugin-argo-cd-backend's).
  it('are JSON, so the backend compiles no TypeScript when it starts', () => {
    const deps = npmDependencies();
    expect(deps.length).toBeGreaterThan(100);
    const typescriptSchemas = deps
      .filter(d => /\.d\.ts$/.test(String(d.json.configSchema ?? '')))
      .map(d => `${d.json.name}@${d.json.version}`);
    expect(typescriptSchemas).toEqual([]);
  });
});
