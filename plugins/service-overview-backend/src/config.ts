import { Config } from '@backstage/config';

export interface ServiceOverviewSettings {
  cacheSeconds: number;
  partTimeoutMs: number;
  explanationsCacheSeconds: number;
  apmRange: '1h' | '24h' | '7d';
}

const RANGES = ['1h', '24h', '7d'] as const;

/** Reads `serviceOverview`; throws on a bad value, naming the key. */
export function readServiceOverviewConfig(
  config: Config,
): ServiceOverviewSettings {
  const c = config.getOptionalConfig('serviceOverview');
  const positive = (key: string, fallback: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(`serviceOverview.${key} must be a positive number`);
    }
    return value;
  };
  const apmRange = c?.getOptionalString('apmRange') ?? '7d';
  if (!(RANGES as readonly string[]).includes(apmRange)) {
    throw new Error(
      `serviceOverview.apmRange must be one of ${RANGES.join(', ')}`,
    );
  }
  return {
    cacheSeconds: positive('cacheSeconds', 15),
    partTimeoutMs: positive('partTimeoutMs', 8000),
    explanationsCacheSeconds: positive('explanationsCacheSeconds', 20),
    apmRange: apmRange as ServiceOverviewSettings['apmRange'],
  };
}
