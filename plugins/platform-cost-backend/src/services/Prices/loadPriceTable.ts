import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { PriceTable, PriceTableFile } from './priceTable';

/** The committed table (prices/ec2-on-demand-<region>.json), refreshed by scripts/refresh-prices.mjs. */
export function loadPriceTable(region = 'eu-west-1'): PriceTable {
  const file = resolvePackagePath(
    '@internal/plugin-platform-cost-backend',
    `prices/ec2-on-demand-${region}.json`,
  );
  return new PriceTable(
    JSON.parse(fs.readFileSync(file, 'utf8')) as PriceTableFile,
  );
}
