import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { PriceBook, PriceTable, PriceTableFile } from './priceTable';

const PRICES_DIR = () =>
  resolvePackagePath('@internal/plugin-platform-cost-backend', 'prices');

/** One committed table (prices/ec2-on-demand-<region>.json), refreshed by scripts/refresh-prices.mjs. */
export function loadPriceTable(region = 'eu-west-1'): PriceTable {
  const file = path.join(PRICES_DIR(), `ec2-on-demand-${region}.json`);
  return new PriceTable(
    JSON.parse(fs.readFileSync(file, 'utf8')) as PriceTableFile,
  );
}

/** Every committed table, one per region; nodes without a region label are priced in `defaultRegion`. */
export function loadPriceBook(defaultRegion = 'eu-west-1'): PriceBook {
  const regions = fs
    .readdirSync(PRICES_DIR())
    .map(f => /^ec2-on-demand-(.+)\.json$/.exec(f)?.[1])
    .filter((r): r is string => !!r)
    .sort();
  return new PriceBook(regions.map(loadPriceTable), defaultRegion);
}
