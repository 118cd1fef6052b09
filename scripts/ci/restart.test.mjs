// A restart after a crash (kill -9) reuses the SQLite files: same entities, none duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { settledEntityRefs } from './entities.mjs';

test('after a crash and restart the catalog has the same entities, none duplicated', async () => {
  const before = JSON.parse(fs.readFileSync(process.env.PIER_BEFORE_CRASH, 'utf8'));
  assert.ok(before.length > 0, 'the catalog was empty before the crash');
  const after = await settledEntityRefs(process.env.PIER_SQLITE_URL, { min: 1 });
  assert.equal(new Set(after).size, after.length, 'duplicate entities after restart');
  assert.deepEqual(after, before);
});
