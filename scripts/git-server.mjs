#!/usr/bin/env node
// Pier's local git host: what GitHub is in production, on loopback and offline, so the templates'
// publish flow (new repository, change proposed to the infra/GitOps repository, catalog registration)
// runs for real. Git itself speaks smart HTTP through Debian's `git http-backend`; this wrapper adds
// the few things a forge adds around it:
//
//   POST /api/repos {name, description}        create an empty bare repository (409 if it exists)
//   GET  /<repo>/raw/<ref>/<path>               one file (the catalog reads catalog-info.yaml here)
//   GET  /<repo>/tree/<ref>/[<path>]            browse a tree (the component's "Repository" link)
//   GET  /<repo>/changes/<branch>               a proposed change: its commits and diff against main
//   POST /<repo>/changes/<branch>/merge         merge it into main (what a reviewer's approval does)
//   /<repo>.git/...                             git clone/fetch/push (smart HTTP)
//
//   PIER_GIT_TOKEN=<token> node scripts/git-server.mjs --port 7310 --dir .data/git [--seed infra=<dir>]
//
// --seed creates a repository from a directory's files when it does not exist yet (the
// infra/GitOps repository starts as a copy of this repository's infra/).
//
// Guard rails (it runs next to a browser, on loopback):
//   - a token (PIER_GIT_TOKEN, required to start) on every write and every git request:
//     `Authorization: Bearer <token>` or Basic with the token as password (what git and
//     isomorphic-git send); the reviewer's merge button carries a per-change form token instead;
//     the pages and raw files (the catalog reads catalog-info.yaml there) stay readable without it;
//   - the Host header must name this server (127.0.0.1 or localhost and its port: no DNS
//     rebinding), and a request with an Origin or Sec-Fetch-Site from another site is refused (no
//     cross-site merge or push);
//   - refs and paths from the URL are checked before they reach git: a ref beginning with "-" would
//     be read as an option (--output=… writes files);
//   - request bodies are capped (JSON and forms 64 KiB, pushes PIER_GIT_MAX_PUSH_BYTES, 100 MiB).
import { spawn, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? process.env.PIER_GIT_PORT ?? 7310);
const root = path.resolve(args.dir ?? '.data/git');
const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';
const TOKEN = process.env.PIER_GIT_TOKEN ?? '';
if (TOKEN.length < 16) {
  console.error('git server: set PIER_GIT_TOKEN (16 characters or more); every write and git request must carry it');
  process.exit(2);
}
const MAX_JSON_BYTES = 64 * 1024;
const MAX_PUSH_BYTES = Number(process.env.PIER_GIT_MAX_PUSH_BYTES ?? 100 * 1024 * 1024);
// A branch or tag name as Pier writes them: no leading "-", no "..", no option-like or odd characters.
const REF_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\.)[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}$/;
const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Pier',
  GIT_AUTHOR_EMAIL: 'pier@localhost',
  GIT_COMMITTER_NAME: 'Pier',
  GIT_COMMITTER_EMAIL: 'pier@localhost',
};

function parseArgs(argv) {
  const out = { seed: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'seed') out.seed.push(argv[i + 1]);
    else out[key] = argv[i + 1];
  }
  return out;
}

const repoDir = name => path.join(root, `${name}.git`);
const httpError = (status, message) => Object.assign(new Error(message), { status });
const git = (name, gitArgs, opts = {}) =>
  exec('git', ['--git-dir', repoDir(name), ...gitArgs], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...GIT_ENV },
    ...opts,
  });

async function createRepo(name, description) {
  if (!REPO_NAME.test(name)) {
    const e = new Error(`repository name "${name}" must be lowercase letters, digits, '.', '_' or '-'`);
    e.status = 400;
    throw e;
  }
  if (fs.existsSync(repoDir(name))) {
    const e = new Error(`repository ${name} already exists`);
    e.status = 409;
    throw e;
  }
  await exec('git', ['init', '--quiet', '--bare', '--initial-branch=main', repoDir(name)]);
  await git(name, ['config', 'http.receivepack', 'true']);
  if (description) fs.writeFileSync(path.join(repoDir(name), 'description'), `${description}\n`);
}

async function seedRepo(name, sourceDir) {
  if (fs.existsSync(repoDir(name))) return;
  await createRepo(name, `seeded from ${sourceDir}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-git-seed-'));
  try {
    if (fs.existsSync(sourceDir)) fs.cpSync(sourceDir, path.join(work, path.basename(sourceDir)), { recursive: true });
    fs.writeFileSync(path.join(work, 'README.md'), `# ${name}\n\nChanges arrive as branches; a reviewer merges them.\n`);
    const run = a => exec('git', a, { cwd: work, env: { ...process.env, ...GIT_ENV } });
    await run(['init', '--quiet', '--initial-branch=main']);
    await run(['add', '-A']);
    await run(['commit', '--quiet', '-m', `Seed ${name}`]);
    await run(['push', '--quiet', repoDir(name), 'main']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// Smart HTTP: hand the request to git http-backend (CGI) and relay its answer.
function gitHttpBackend(req, res, url) {
  const child = spawn(HTTP_BACKEND, [], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      REQUEST_METHOD: req.method,
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
      REMOTE_USER: 'pier',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    },
  });
  let received = 0;
  req.on('data', chunk => {
    received += chunk.length;
    if (received > MAX_PUSH_BYTES) {
      req.unpipe(child.stdin);
      child.kill();
      if (!res.headersSent) send(res, 413, `push larger than ${MAX_PUSH_BYTES} bytes`, 'text/plain');
      req.destroy();
    }
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', chunk => {
    if (res.writableEnded || (res.headersSent && !headersSent)) return;
    if (headersSent) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    let status = 200;
    for (const line of head.subarray(0, end).toString().split('\r\n')) {
      const i = line.indexOf(':');
      const key = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (key.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
      else res.setHeader(key, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  child.stderr.on('data', d => process.stderr.write(d));
  child.on('close', () => {
    if (res.writableEnded || (res.headersSent && !headersSent)) return;
    if (!headersSent) res.writeHead(500);
    res.end();
  });
}

const escapeHtml = s =>
  String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) =>
  `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:14px system-ui;margin:24px;max-width:1100px}pre{background:#f5f5f5;padding:12px;overflow:auto}` +
  `.add{color:#14532d;background:#dcfce7}.del{color:#7f1d1d;background:#fee2e2}</style>` +
  `<h1>${escapeHtml(title)}</h1>${body}`;

async function tree(name, ref, sub, res) {
  const spec = sub ? `${ref}:${sub}` : `${ref}:`;
  const { stdout: type } = await git(name, ['cat-file', '-t', '--end-of-options', spec]);
  if (type.trim() === 'blob') {
    const { stdout } = await git(name, ['show', '--end-of-options', spec]);
    return send(res, 200, page(`${name}/${sub}`, `<pre>${escapeHtml(stdout)}</pre>`));
  }
  const { stdout } = await git(name, ['ls-tree', '--end-of-options', spec]);
  const rows = stdout
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [meta, file] = line.split('\t');
      const dir = meta.split(' ')[1] === 'tree';
      const href = `/${name}/tree/${ref}/${sub ? `${sub}/` : ''}${file}`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(file)}${dir ? '/' : ''}</a></li>`;
    });
  const clone = `git -c http.extraHeader="Authorization: Bearer $PIER_GIT_TOKEN" clone http://127.0.0.1:${port}/${name}.git`;
  return send(res, 200, page(`${name}${sub ? `/${sub}` : ''} (${ref})`, `<pre>${escapeHtml(clone)}</pre><ul>${rows.join('')}</ul>`));
}

async function change(name, branch, res) {
  const range = `main...refs/heads/${branch}`;
  const { stdout: log } = await git(name, ['log', '--format=%h %s (%an)', `main..refs/heads/${branch}`]);
  const { stdout: diff } = await git(name, ['diff', range]);
  const merged = log.trim() === '';
  const lines = diff
    .split('\n')
    .map(l => {
      const cls = l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : '';
      return cls ? `<span class="${cls}">${escapeHtml(l)}</span>` : escapeHtml(l);
    })
    .join('\n');
  const state = merged ? '<p><strong>Merged</strong> into main.</p>' :
    `<p><strong>Open</strong>: waiting for review. <form method="post" action="/${escapeHtml(name)}/changes/${escapeHtml(branch)}/merge">` +
    `<input type="hidden" name="form_token" value="${formToken(name, branch)}"><button>Merge into main</button></form></p>`;
  return send(res, 200, page(`Change ${branch} → ${name}/main`, `${state}<pre>${escapeHtml(log)}</pre><pre>${lines}</pre>`));
}

async function merge(name, branch) {
  const { stdout: treeId } = await git(name, ['merge-tree', '--write-tree', 'main', `refs/heads/${branch}`]);
  const { stdout: main } = await git(name, ['rev-parse', 'main']);
  const { stdout: head } = await git(name, ['rev-parse', `refs/heads/${branch}`]);
  const { stdout: commit } = await git(name, [
    'commit-tree', treeId.split('\n')[0], '-p', main.trim(), '-p', head.trim(), '-m', `Merge ${branch}`,
  ]);
  await git(name, ['update-ref', 'refs/heads/main', commit.trim(), main.trim()]);
  return commit.trim();
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function readBody(req) {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_JSON_BYTES) throw httpError(413, `request body larger than ${MAX_JSON_BYTES} bytes`);
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_JSON_BYTES) throw httpError(413, `request body larger than ${MAX_JSON_BYTES} bytes`);
  }
  return body;
}

async function readJson(req) {
  const body = await readBody(req);
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    throw httpError(400, 'request body is not JSON');
  }
}

/** The merge button's token: bound to one change, derived from the server's token. */
function formToken(name, branch) {
  return crypto.createHmac('sha256', TOKEN).update(`merge\0${name}\0${branch}`).digest('hex');
}

const sameSecret = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/** Bearer <token>, or Basic with the token as password (git, isomorphic-git). */
function hasToken(req) {
  const header = req.headers.authorization ?? '';
  const [scheme, value = ''] = header.split(' ');
  if (/^bearer$/i.test(scheme)) return sameSecret(value, TOKEN);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString();
    return sameSecret(decoded.slice(decoded.indexOf(':') + 1), TOKEN);
  }
  return false;
}

const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

/** No DNS rebinding (Host must be this server), no cross-site requests (Origin, Sec-Fetch-Site). */
function checkOrigin(req) {
  const hosts = allowedHosts();
  if (!hosts.has(String(req.headers.host ?? '').toLowerCase())) {
    throw httpError(403, `Host ${req.headers.host ?? '(none)'} is not this git host`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host = '';
    try {
      const u = new URL(origin);
      host = u.protocol === 'http:' ? u.host : '';
    } catch {
      // "null" and other opaque origins are cross-site
    }
    if (!hosts.has(host)) throw httpError(403, `requests from ${origin} are not accepted`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && req.method !== 'GET' && req.method !== 'HEAD') {
    throw httpError(403, 'cross-site requests are not accepted');
  }
}

function requireToken(req) {
  if (!hasToken(req)) throw httpError(401, 'this git host needs its token (Authorization: Bearer <PIER_GIT_TOKEN>)');
}

function checkRef(ref) {
  if (!REF_NAME.test(ref) || ref.endsWith('/') || ref.endsWith('.lock')) {
    throw httpError(400, `"${ref}" is not a branch or tag name`);
  }
  return ref;
}

function checkSubPath(sub) {
  if (sub.split('/').some(s => s === '..' || s.startsWith('-')) || /[\0\n\r]/.test(sub)) {
    throw httpError(400, `"${sub}" is not a path in the repository`);
  }
  return sub;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    checkOrigin(req);
    if (/^\/[^/]+\.git(\/|$)/.test(url.pathname)) {
      if (!hasToken(req)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Pier local git host"', 'content-type': 'text/plain' });
        return res.end('this git host needs its token (PIER_GIT_TOKEN) as the password');
      }
      return gitHttpBackend(req, res, url);
    }
    if (req.method === 'POST' && url.pathname === '/api/repos') {
      requireToken(req);
      const { name, description } = await readJson(req);
      await createRepo(String(name ?? ''), description);
      return send(res, 201, JSON.stringify({ name, cloneUrl: `http://127.0.0.1:${port}/${name}.git` }), 'application/json');
    }
    const m = url.pathname.match(/^\/([^/]+)\/(raw|tree|changes)\/([^/]+)\/?(.*)$/);
    const name = m && decodeURIComponent(m[1]);
    if (!m || !REPO_NAME.test(name) || !fs.existsSync(repoDir(name))) return send(res, 404, 'not found', 'text/plain');
    const [, , kind, ref, restRaw] = m;
    const rest = checkSubPath(decodeURIComponent(restRaw).replace(/\/$/, ''));
    const refName = checkRef(decodeURIComponent(ref));
    if (kind === 'raw' && req.method === 'GET') {
      const { stdout } = await git(name, ['show', '--end-of-options', `${refName}:${rest}`], { encoding: 'buffer' });
      return send(res, 200, stdout, 'text/plain; charset=utf-8');
    }
    if (kind === 'tree' && req.method === 'GET') return await tree(name, refName, rest, res);
    if (kind === 'changes' && req.method === 'GET' && !rest) return await change(name, refName, res);
    if (kind === 'changes' && req.method === 'POST' && rest === 'merge') {
      if (!hasToken(req)) {
        const form = new URLSearchParams(await readBody(req));
        if (!sameSecret(form.get('form_token') ?? '', formToken(name, refName))) {
          throw httpError(401, 'merging needs the token (Authorization) or the change page\'s form');
        }
      }
      const commit = await merge(name, refName);
      if ((req.headers.accept ?? '').includes('application/json')) return send(res, 200, JSON.stringify({ commit }), 'application/json');
      res.writeHead(303, { location: `/${name}/changes/${ref}` });
      return res.end();
    }
    return send(res, 404, 'not found', 'text/plain');
  } catch (e) {
    const status = e.status ?? (/(does not exist|not a valid object name|bad revision|unknown revision|Not a valid)/i.test(String(e.stderr ?? e.message)) ? 404 : 500);
    return send(res, status, JSON.stringify({ error: { message: e.message } }), 'application/json');
  }
});

fs.mkdirSync(root, { recursive: true });
for (const seed of args.seed) {
  const [name, dir] = seed.split('=');
  await seedRepo(name, path.resolve(dir));
}
server.listen(port, '127.0.0.1', () => {
  console.log(`git server ready: http://127.0.0.1:${port} (repositories in ${root})`);
});
