import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { OverviewPartStatus } from '@internal/plugin-service-overview-common';

/** A part's answer, or why there is none. */
export type PartRead<T> =
  | { state: 'ok'; data: T }
  | {
      state: 'denied' | 'unavailable' | 'not-applicable';
      message: string;
    };

/** Reads one plugin's API for the caller. */
export type PartReader = <T>(
  pluginId: string,
  path: string,
  credentials: BackstageCredentials,
) => Promise<PartRead<T>>;

const PLUGIN_NAMES: Record<string, string> = {
  deployments: 'Deployments',
  'security-findings': 'Security findings',
  'datadog-apm': 'Datadog APM',
  'platform-cost': 'Cost',
};

async function errorMessage(res: Response): Promise<string> {
  try {
    const body: any = await res.json();
    return body?.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * Reads other Pier plugins' APIs with the caller's own identity (an on-behalf-of token), so each
 * plugin decides what the caller may see: a refusal becomes a `denied` part carrying the plugin's
 * own message (why, and whom to ask), never a failed page.
 */
export function createPartReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
  fetch?: typeof fetch;
}): PartReader {
  const doFetch = options.fetch ?? fetch;
  return async <T>(
    pluginId: string,
    path: string,
    credentials: BackstageCredentials,
  ): Promise<PartRead<T>> => {
    const name = PLUGIN_NAMES[pluginId] ?? pluginId;
    try {
      const [baseUrl, { token }] = await Promise.all([
        options.discovery.getBaseUrl(pluginId),
        options.auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: pluginId,
        }),
      ]);
      const res = await doFetch(`${baseUrl}${path}`, {
        // Loopback to this backend: no compression to undo in the same process.
        headers: {
          authorization: `Bearer ${token}`,
          'accept-encoding': 'identity',
        },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (res.ok) return { state: 'ok', data: (await res.json()) as T };
      const message = await errorMessage(res);
      if (res.status === 403) return { state: 'denied', message };
      if (res.status === 404) return { state: 'not-applicable', message };
      return {
        state: 'unavailable',
        message: `${name} answered HTTP ${res.status}: ${message}`,
      };
    } catch (e) {
      const error = e as Error;
      const timedOut =
        error?.name === 'TimeoutError' || error?.name === 'AbortError';
      return {
        state: 'unavailable',
        message: timedOut
          ? `${name} did not answer within ${options.timeoutMs / 1000} s`
          : `${name} could not be read: ${error?.message ?? String(e)}`,
      };
    }
  };
}

/** The status line of a part, from how it was read. */
export function partStatus(
  part: OverviewPartStatus['part'],
  read: PartRead<unknown>,
  extra: Partial<OverviewPartStatus> = {},
): OverviewPartStatus {
  return read.state === 'ok'
    ? { part, state: 'ok', ...extra }
    : { part, state: read.state, message: read.message, ...extra };
}
