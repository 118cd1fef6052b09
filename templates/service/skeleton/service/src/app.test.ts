import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createApp } from './app.ts';

async function withApp(ready: boolean, fn: (url: string) => Promise<void>) {
  const server = createApp({ ready });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

test('liveness answers even before the service is ready', async () => {
  await withApp(false, async url => {
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });
});

test('readiness is 503 until ready, 200 after', async () => {
  await withApp(false, async url => {
    assert.equal((await fetch(`${url}/readyz`)).status, 503);
  });
  await withApp(true, async url => {
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
  });
});

test('unknown paths are 404', async () => {
  await withApp(true, async url => {
    assert.equal((await fetch(`${url}/nope`)).status, 404);
  });
});
