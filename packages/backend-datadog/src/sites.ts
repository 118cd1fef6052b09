/** A Datadog site and the origins of its API, web app and public sharing pages. */
export interface DatadogSite {
  site: string;
  apiUrl: string;
  appUrl: string;
  publicUrl: string;
}

const SITES: Record<string, string> = {
  'datadoghq.com': 'datadoghq.com',
  us1: 'datadoghq.com',
  'datadoghq.eu': 'datadoghq.eu',
  eu: 'datadoghq.eu',
  eu1: 'datadoghq.eu',
  'us3.datadoghq.com': 'us3.datadoghq.com',
  us3: 'us3.datadoghq.com',
  'us5.datadoghq.com': 'us5.datadoghq.com',
  us5: 'us5.datadoghq.com',
  'ap1.datadoghq.com': 'ap1.datadoghq.com',
  ap1: 'ap1.datadoghq.com',
  'ddog-gov.com': 'ddog-gov.com',
  'ddog-gov': 'ddog-gov.com',
};

/** Resolves a configured site (full or short form); throws on an unknown one. */
export function resolveSite(value: string): DatadogSite {
  const site = SITES[value.trim().toLowerCase()];
  if (!site) {
    throw new Error(
      `datadog.site "${value}" is not a Datadog site; use one of datadoghq.com, datadoghq.eu, us3.datadoghq.com, us5.datadoghq.com, ap1.datadoghq.com, ddog-gov.com`,
    );
  }
  // US1, EU1 and US1-FED serve the web app on app.<site>; the other sites on <site> itself.
  const appHost = /^(datadoghq\.com|datadoghq\.eu|ddog-gov\.com)$/.test(site)
    ? `app.${site}`
    : site;
  return {
    site,
    apiUrl: `https://api.${site}`,
    appUrl: `https://${appHost}`,
    publicUrl: `https://p.${site}`,
  };
}

/** Like resolveSite, undefined for an unknown site (for per-entity annotations). */
export function trySite(value: string | undefined): DatadogSite | undefined {
  if (!value) return undefined;
  try {
    return resolveSite(value);
  } catch {
    return undefined;
  }
}
