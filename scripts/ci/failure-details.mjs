// Prints why each failed test failed, from the runners' own reports, in a few lines each, so the
// end of a CI log (often all that is kept) says what broke and where:
//   node scripts/ci/failure-details.mjs test-results
// Reads Jest's --json files (unit*.json), Playwright's JSON (e2e.json) and node:test TAP (*.tap).
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
const LINES = 6;
const out = [];
const clip = text =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map(l => l.trimEnd())
    .filter(Boolean)
    .slice(0, LINES)
    .map(l => `      ${l.slice(0, 240)}`)
    .join('\n');
const readJson = file => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (/^unit.*\.json$/.test(name)) {
    for (const suite of readJson(file)?.testResults ?? []) {
      const rel = path.relative(process.cwd(), suite.name);
      if (suite.status === 'failed' && !suite.assertionResults?.length) {
        out.push(`  ${name}: ${rel} (suite failed to run)\n${clip(suite.message)}`);
      }
      for (const t of suite.assertionResults ?? []) {
        if (t.status !== 'failed') continue;
        out.push(`  ${name}: ${rel} › ${t.fullName}\n${clip(t.failureMessages?.join('\n'))}`);
      }
    }
  } else if (name === 'e2e.json') {
    const walk = suite => {
      for (const s of suite.suites ?? []) walk(s);
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status === 'expected' || t.status === 'skipped') continue;
          const errors = t.results.flatMap(r => r.errors ?? []).map(e => e.message);
          out.push(`  e2e (${t.status}): ${spec.file}:${spec.line} › ${spec.title}\n${clip(errors.join('\n'))}`);
        }
      }
    };
    for (const s of readJson(file)?.suites ?? []) walk(s);
  } else if (name.endsWith('.tap')) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*not ok \d+ - (.*)$/.exec(line);
      if (!m) return;
      const block = [];
      let keyIndent = -1;
      for (let j = i + 1; j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]); j++) {
        const indent = lines[j].search(/\S/);
        const key = /^\s*(\w+):\s*(.*)$/.exec(lines[j]);
        if (keyIndent >= 0 && (indent < 0 || indent > keyIndent)) block.push(lines[j].trim());
        else if (key && ['error', 'location'].includes(key[1])) {
          keyIndent = key[1] === 'error' ? indent : -1;
          if (!/^[|>]-?$/.test(key[2])) block.push(`${key[1]}: ${key[2]}`);
        } else keyIndent = -1;
      }
      out.push(`  ${name}: ${m[1]}\n${clip(block.join('\n'))}`);
    });
  }
}
if (out.length) console.log(`Why they failed:\n${out.join('\n')}`);
