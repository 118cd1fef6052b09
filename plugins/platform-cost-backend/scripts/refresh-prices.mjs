#!/usr/bin/env node
// Refreshes prices/ec2-on-demand-<region>.json, one table per region the clusters run in, from the
// AWS Price List bulk offer for AmazonEC2 (public, no credentials): Linux, shared tenancy, on-demand,
// no pre-installed software, for the instance types already in each table. Keeps the tables'
// x86Equivalents. Writes a region's table only when every one of its types is found.
//   node plugins/platform-cost-backend/scripts/refresh-prices.mjs                 every committed region
//   node plugins/platform-cost-backend/scripts/refresh-prices.mjs us-east-1       one region
//   node plugins/platform-cost-backend/scripts/refresh-prices.mjs eu-west-1 --add t3.large,m5.xlarge
//        adds types to a region's table (a new region's table starts from eu-west-1's x86Equivalents)
// PRICE_LIST_URL replaces the offer's URL (a mirror, or a local copy served over HTTP; {region} is
// replaced by the region). Each region's offer is a CSV of several hundred MB; it is streamed.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const dir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'prices',
);
const tableFile = region => path.join(dir, `ec2-on-demand-${region}.json`);
const args = process.argv.slice(2);
const addAt = args.indexOf('--add');
const add =
  addAt >= 0 ? (args[addAt + 1] ?? '').split(',').filter(Boolean) : [];
const named = args.filter((a, i) => !a.startsWith('--') && i !== addAt + 1);
const regions = named.length
  ? named
  : fs
      .readdirSync(dir)
      .map(f => /^ec2-on-demand-(.+)\.json$/.exec(f)?.[1])
      .filter(Boolean)
      .sort();
if (add.length && regions.length !== 1) {
  console.error('refresh-prices: --add needs exactly one region');
  process.exit(1);
}

class Failure extends Error {}
function fail(message) {
  throw new Failure(message);
}

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

async function refresh(region) {
  const url = (
    process.env.PRICE_LIST_URL ??
    'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/{region}/index.csv'
  ).replace('{region}', region);
  const file = tableFile(region);
  let table;
  if (fs.existsSync(file)) {
    table = JSON.parse(fs.readFileSync(file, 'utf8'));
  } else if (add.length) {
    const template = JSON.parse(fs.readFileSync(tableFile('eu-west-1'), 'utf8'));
    table = { ...template, region, prices: {} };
  } else {
    fail(`no table for ${region}; create it with --add <types>`);
  }
  for (const type of add) table.prices[type] ??= { hourly: 0, arch: 'amd64' };
  const wanted = new Set(Object.keys(table.prices));

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
      Object.keys(table.prices)
        .sort()
        .map(type => [type, found[type]]),
    ),
  };
  fs.writeFileSync(file, `${JSON.stringify(refreshed, null, 2)}\n`);
  for (const type of Object.keys(refreshed.prices)) {
    const before = table.prices[type].hourly || 'new';
    const after = refreshed.prices[type].hourly;
    console.log(
      `${type.padEnd(14)} ${String(before).padStart(8)} → ${after}${
        before === after ? '' : '  (changed)'
      }`,
    );
  }
  console.log(`Wrote ${file}`);
}

let failed = 0;
for (const region of regions) {
  try {
    await refresh(region);
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    failed++;
    console.error(
      `refresh-prices: ${e.message}\nThe ${region} price table was left unchanged: ${tableFile(
        region,
      )}`,
    );
  }
}
process.exit(failed ? 1 : 0);
