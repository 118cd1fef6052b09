#!/usr/bin/env node
// Refreshes prices/ec2-on-demand-<region>.json from the AWS Price List bulk offer for AmazonEC2
// (public, no credentials): Linux, shared tenancy, on-demand, no pre-installed software, for the
// instance types already in the table. Keeps the table's x86Equivalents. Writes nothing unless every
// type is found.
//   node plugins/platform-cost-backend/scripts/refresh-prices.mjs [region]   (default eu-west-1)
// PRICE_LIST_URL replaces the offer's URL (a mirror, or a local copy served over HTTP).
// The region's offer is a CSV of several hundred MB; it is streamed, not held in memory.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const region = process.argv[2] ?? 'eu-west-1';
const url =
  process.env.PRICE_LIST_URL ??
  `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/${region}/index.csv`;
const file = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'prices',
  `ec2-on-demand-${region}.json`,
);

function fail(message) {
  console.error(
    `refresh-prices: ${message}\nThe price table was left unchanged: ${file}`,
  );
  process.exit(1);
}

if (!fs.existsSync(file)) {
  fail(
    `no table for ${region}; copy an existing one as a template (its instance types are the ones refreshed)`,
  );
}
const table = JSON.parse(fs.readFileSync(file, 'utf8'));
const wanted = new Set(Object.keys(table.prices));

/** One CSV record: quoted fields, "" escapes a quote (the offer files never put newlines in fields). */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

let res;
try {
  res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
} catch (e) {
  fail(
    `cannot reach ${url}: ${
      e.cause?.message ?? e.message
    }. Run this where pricing.us-east-1.amazonaws.com is reachable.`,
  );
}
if (!res.ok) fail(`${url} answered ${res.status} ${res.statusText}`);

const lines = readline.createInterface({
  input: Readable.fromWeb(res.body),
  crlfDelay: Infinity,
});
let publicationDate;
let col;
const found = {};
for await (const line of lines) {
  const fields = parseCsvLine(line);
  if (!col) {
    // Metadata rows ("Publication Date","2026-…") come before the header row.
    if (fields[0] === 'Publication Date') publicationDate = fields[1];
    if (fields[0] === 'SKU')
      col = Object.fromEntries(fields.map((name, i) => [name, i]));
    continue;
  }
  const columns = col;
  const get = name => fields[columns[name]];
  const type = get('Instance Type');
  if (
    !wanted.has(type) ||
    get('TermType') !== 'OnDemand' ||
    get('Operating System') !== 'Linux' ||
    get('Tenancy') !== 'Shared' ||
    get('Pre Installed S/W') !== 'NA' ||
    get('CapacityStatus') !== 'Used' ||
    get('Unit') !== 'Hrs'
  ) {
    continue;
  }
  const hourly = Number(get('PricePerUnit'));
  if (found[type] && found[type].hourly !== hourly) {
    fail(
      `two different on-demand Linux prices for ${type} (${found[type].hourly} and ${hourly}); check the filters`,
    );
  }
  found[type] = {
    hourly,
    arch: /graviton/i.test(get('Physical Processor')) ? 'arm64' : 'amd64',
    vcpu: Number(get('vCPU')),
    memoryGiB: Number(
      get('Memory')
        .replace(/\s*GiB$/, '')
        .replace(/,/g, ''),
    ),
  };
}
if (!col) fail(`${url} has no header row: not a Price List offer file`);

const missing = [...wanted].filter(type => !found[type]);
if (missing.length)
  fail(`no on-demand Linux price in ${region} for ${missing.join(', ')}`);

const today = new Date().toISOString().slice(0, 10);
const refreshed = {
  ...table,
  source: `AWS Price List bulk offer for AmazonEC2 (${url}), publication date ${
    publicationDate ?? 'unknown'
  }; Linux, shared tenancy, on-demand, no pre-installed software. Written by scripts/refresh-prices.mjs.`,
  asOf: today,
  prices: Object.fromEntries(
    Object.keys(table.prices).map(type => [type, found[type]]),
  ),
};
fs.writeFileSync(file, `${JSON.stringify(refreshed, null, 2)}\n`);
for (const type of Object.keys(refreshed.prices)) {
  const before = table.prices[type].hourly;
  const after = refreshed.prices[type].hourly;
  console.log(
    `${type.padEnd(14)} ${String(before).padStart(8)} → ${after}${
      before === after ? '' : '  (changed)'
    }`,
  );
}
console.log(`Wrote ${file}`);
