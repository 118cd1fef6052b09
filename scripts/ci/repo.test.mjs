// Repository invariants a person would trip over: mixed Backstage releases break backend start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

test('every @backstage/* package resolves to exactly one version in yarn.lock', () => {
  const versions = new Map();
  let current = null;
  for (const line of fs.readFileSync('yarn.lock', 'utf8').split('\n')) {
    const header = line.match(/^"(@backstage\/[^@"]+)@/);
    if (header) current = header[1];
    else if (!line.startsWith(' ')) current = null;
    const version = line.match(/^  version: (.+)$/);
    if (current && version) {
      if (!versions.has(current)) versions.set(current, new Set());
      versions.get(current).add(version[1]);
    }
  }
  assert.ok(versions.size > 20, 'no @backstage packages found in yarn.lock');
  const mixed = [...versions].filter(([, v]) => v.size > 1).map(([p, v]) => `${p}: ${[...v].join(', ')}`);
  assert.deepEqual(mixed, []);
});

test('backstage.json names a release of the 1.55 line or newer', () => {
  const { version } = JSON.parse(fs.readFileSync('backstage.json', 'utf8'));
  const [major, minor] = version.split('.').map(Number);
  assert.ok(major > 1 || (major === 1 && minor >= 55), `backstage.json pins ${version}`);
});
