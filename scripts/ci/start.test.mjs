// The README start command's failure modes, run as a person would run them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function runStart(env, timeoutMs = 120_000) {
  return new Promise(resolve => {
    const child = spawn('bash', ['scripts/start.sh'], {
      env: { ...process.env, PIER_NO_BUILD: '1', PIER_SIM: '0', ...env },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), timeoutMs);
    child.on('exit', code => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('start names the port and exits non-zero when the port is taken', async () => {
  const server = net.createServer().listen(7191, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  try {
    const { code, output } = await runStart({ PIER_PORT: '7191' });
    assert.notEqual(code, 0);
    assert.match(output, /port 7191 .*already in use/);
  } finally {
    server.close();
  }
});

test('start with a broken config shows the config error and says which file to fix', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-badconfig-'));
  const broken = path.join(dir, 'broken.yaml');
  fs.writeFileSync(broken, 'backend:\n  listen:\n    port: [not, a, port\n');
  const { code, output } = await runStart({
    PIER_PORT: '7192',
    PIER_CONFIG: broken,
    PIER_DATA_DIR: dir,
  });
  assert.notEqual(code, 0);
  assert.match(output, /fix .*broken\.yaml/);
});
