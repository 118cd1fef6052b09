// The local git host's guard rails, against the running server (scripts/git-server.mjs): refs that
// begin with "-" never reach git as options, Host and Origin are checked (no DNS rebinding, no
// cross-site merge or push), writes and git requests carry the token, bodies are capped. And the
// flow Pier uses still works with the token: create, push, read, propose, merge.
//   node --test scripts/ci/git-server.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const TOKEN = 'test-token-0123456789abcdef';
let port;
let base;
let server;
let work;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });

const auth = { authorization: `Bearer ${TOKEN}` };
const request = (p, init = {}) => fetch(`${base}${p}`, init);
const git = (args, cwd) =>
  exec('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@x',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@x',
    },
  });
const withToken = ['-c', `http.extraHeader=Authorization: Bearer ${TOKEN}`];

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-git-test-'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [
      'scripts/git-server.mjs',
      '--port',
      String(port),
      '--dir',
      path.join(work, 'repos'),
    ],
    {
      env: {
        ...process.env,
        PIER_GIT_TOKEN: TOKEN,
        PIER_GIT_MAX_PUSH_BYTES: String(2 * 1024 * 1024),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    },
  );
  await new Promise((resolve, reject) => {
    server.stdout.on(
      'data',
      d => String(d).includes('git server ready') && resolve(),
    );
    server.on('exit', code => reject(new Error(`git server exited ${code}`)));
  });
  // one repository with a main branch, pushed with the token, for the read tests
  assert.equal(
    (
      await request('/api/repos', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'orders' }),
      })
    ).status,
    201,
  );
  const src = path.join(work, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'catalog-info.yaml'), 'kind: Component\n');
  await git(['init', '-q', '--initial-branch=main'], src);
  await git(['add', '-A'], src);
  await git(['commit', '-q', '-m', 'first'], src);
  await git([...withToken, 'push', '-q', `${base}/orders.git`, 'main'], src);
  fs.writeFileSync(path.join(src, 'change.txt'), 'a change\n');
  await git(['checkout', '-q', '-b', 'add-change'], src);
  await git(['add', '-A'], src);
  await git(['commit', '-q', '-m', 'change'], src);
  await git(
    [...withToken, 'push', '-q', `${base}/orders.git`, 'add-change'],
    src,
  );
});

after(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});

test('refuses to start without a token', async () => {
  const p = await freePort();
  const env = { ...process.env };
  delete env.PIER_GIT_TOKEN;
  const result = await exec(
    process.execPath,
    [
      'scripts/git-server.mjs',
      '--port',
      String(p),
      '--dir',
      path.join(work, 'none'),
    ],
    { env },
  ).catch(e => e);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /PIER_GIT_TOKEN/);
});

test('a ref that begins with "-" is refused before git sees it (no --output=… file written)', async () => {
  const marker = path.join(work, 'pwned');
  for (const ref of [
    '--output=' + marker,
    '-c',
    '--upload-pack=touch%20' + marker,
  ]) {
    for (const kind of ['raw', 'tree', 'changes']) {
      const res = await request(
        `/orders/${kind}/${encodeURIComponent(ref)}/catalog-info.yaml`,
      );
      assert.equal(
        res.status,
        kind === 'changes' ? 400 : 400,
        `${kind} ${ref}`,
      );
    }
  }
  const merge = await request(
    `/orders/changes/${encodeURIComponent('--output=' + marker)}/merge`,
    { method: 'POST', headers: auth },
  );
  assert.equal(merge.status, 400);
  assert.equal(fs.existsSync(marker), false);
  // a path segment beginning with "-" or "..": refused too
  assert.equal(
    (await request('/orders/raw/main/..%2F..%2Fetc%2Fpasswd')).status,
    400,
  );
});

test('Host must name this server (DNS rebinding), and another site may not write', async () => {
  const rebinding = await new Promise(resolve => {
    const req = net.connect(port, '127.0.0.1', () => {
      req.end(
        'GET /orders/raw/main/catalog-info.yaml HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n',
      );
    });
    let data = '';
    req.on('data', d => (data += d));
    req.on('end', () => resolve(data));
  });
  assert.match(rebinding, /^HTTP\/1\.1 403/);
  const crossSite = await request('/orders/changes/add-change/merge', {
    method: 'POST',
    headers: { ...auth, origin: 'https://attacker.example' },
  });
  assert.equal(crossSite.status, 403);
  const fetchMeta = await request('/api/repos', {
    method: 'POST',
    headers: {
      ...auth,
      'content-type': 'application/json',
      'sec-fetch-site': 'cross-site',
    },
    body: JSON.stringify({ name: 'evil' }),
  });
  assert.equal(fetchMeta.status, 403);
  // same origin is fine
  assert.equal(
    (
      await request('/orders/raw/main/catalog-info.yaml', {
        headers: { origin: base },
      })
    ).status,
    200,
  );
});

test('writes and git requests need the token; pages and raw files do not', async () => {
  assert.equal(
    (
      await request('/api/repos', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"nope"}',
      })
    ).status,
    401,
  );
  assert.equal(
    (
      await request('/api/repos', {
        method: 'POST',
        headers: {
          authorization: 'Bearer wrong-token-wrong-token',
          'content-type': 'application/json',
        },
        body: '{"name":"nope"}',
      })
    ).status,
    401,
  );
  assert.equal(
    (await request('/orders.git/info/refs?service=git-upload-pack')).status,
    401,
  );
  assert.equal(
    (await request('/orders.git/info/refs?service=git-receive-pack')).status,
    401,
  );
  const clone = await git(
    ['clone', '-q', `${base}/orders.git`, path.join(work, 'anon')],
    work,
  ).catch(e => e);
  assert.ok(clone instanceof Error, 'clone without the token must fail');
  // Basic auth with the token as password (isomorphic-git, git credential helpers) works
  const basic = Buffer.from(`pier:${TOKEN}`).toString('base64');
  assert.equal(
    (
      await request('/orders.git/info/refs?service=git-upload-pack', {
        headers: { authorization: `Basic ${basic}` },
      })
    ).status,
    200,
  );
  await git(
    [
      ...withToken,
      'clone',
      '-q',
      `${base}/orders.git`,
      path.join(work, 'clone'),
    ],
    work,
  );
  assert.ok(fs.existsSync(path.join(work, 'clone', 'catalog-info.yaml')));
  // what the catalog and a browser read
  assert.equal(
    await (await request('/orders/raw/main/catalog-info.yaml')).text(),
    'kind: Component\n',
  );
  assert.equal((await request('/orders/tree/main/')).status, 200);
  assert.equal(
    (await request('/orders/changes/add-change/merge', { method: 'POST' }))
      .status,
    401,
  );
});

test('the reviewer merges from the change page with its form token, not with a forged one', async () => {
  const page = await (await request('/orders/changes/add-change')).text();
  const token = /name="form_token" value="([0-9a-f]+)"/.exec(page)?.[1];
  assert.ok(token, 'the change page carries a form token');
  const forged = await request('/orders/changes/add-change/merge', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
    },
    body: 'form_token=' + '0'.repeat(64),
    redirect: 'manual',
  });
  assert.equal(forged.status, 401);
  const merged = await request('/orders/changes/add-change/merge', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
    },
    body: `form_token=${token}`,
    redirect: 'manual',
  });
  assert.equal(merged.status, 303);
  assert.equal(
    await (await request('/orders/raw/main/change.txt')).text(),
    'a change\n',
  );
});

test('bodies are capped: JSON and forms at 64 KiB, pushes at the configured size', async () => {
  const big = JSON.stringify({
    name: 'big',
    description: 'x'.repeat(70 * 1024),
  });
  const res = await request('/api/repos', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: big,
  });
  assert.equal(res.status, 413);
  const src = path.join(work, 'big');
  fs.mkdirSync(src);
  fs.writeFileSync(
    path.join(src, 'blob.bin'),
    (await import('node:crypto')).randomBytes(3 * 1024 * 1024),
  );
  await git(['init', '-q', '--initial-branch=main'], src);
  await git(['add', '-A'], src);
  await git(['commit', '-q', '-m', 'big'], src);
  const push = await git(
    [...withToken, 'push', '-q', `${base}/orders.git`, 'main:refs/heads/big'],
    src,
  ).catch(e => e);
  assert.ok(push instanceof Error, 'a push over the cap must fail');
  const refs = await git(
    [...withToken, 'ls-remote', `${base}/orders.git`],
    src,
  );
  assert.doesNotMatch(refs.stdout, /refs\/heads\/big/);
});
