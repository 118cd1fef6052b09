import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase, ServiceUnavailableError } from '@backstage/errors';
import {
  ArgoApplication,
  ArgoCdClient,
  ArgoCdInstanceConfig,
  ArgoRevisionMetadata,
} from './types';

/** Argo CD answered 200 with something that is not what was asked for. */
export class ArgoCdAnswerError extends CustomErrorBase {
  name = 'ArgoCdAnswerError' as const;
}

export interface ArgoCdClientOptions {
  instance: ArgoCdInstanceConfig;
  logger: LoggerService;
  /** Per-request timeout. */
  timeoutMs: number;
  now?: () => number;
}

/** Longest wait a `Retry-After` may impose before the instance is asked again. */
export const MAX_RETRY_AFTER_SECONDS = 300;
/** Wait after a 429 that names none. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Seconds from a `Retry-After` header (seconds or an HTTP date), bounded. */
export function retryAfterSeconds(
  header: string | null,
  nowMs: number,
): number {
  let seconds = DEFAULT_RETRY_AFTER_SECONDS;
  if (header && /^\d+$/.test(header.trim())) {
    seconds = Number(header.trim());
  } else if (
    header &&
    /[a-z]/i.test(header) &&
    !Number.isNaN(Date.parse(header))
  ) {
    seconds = Math.ceil((Date.parse(header) - nowMs) / 1000);
  }
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS);
}

/**
 * A read-only client for one Argo CD instance's REST API (`/api/v1`).
 *
 * It keeps its session: with a token it sends it; with username/password it logs in once
 * (`POST /api/v1/session`) and reuses the session token until Argo CD answers 401, then logs in
 * again and retries that request once. Concurrent callers share one login.
 */
export function createArgoCdClient(options: ArgoCdClientOptions): ArgoCdClient {
  const { instance, logger, timeoutMs } = options;
  const now = options.now ?? Date.now;
  const baseUrl = instance.url.replace(/\/+$/, '');
  let calls = 0;
  /** After a 429, nothing is sent before this time (epoch ms). */
  let throttledUntil = 0;
  let session: Promise<string> | undefined;

  if (!instance.token && !(instance.username && instance.password)) {
    throw new Error(
      `Argo CD instance ${instance.name} needs a token or a username and password`,
    );
  }

  async function send(path: string, init: RequestInit = {}) {
    if (throttledUntil > now()) {
      throw new ServiceUnavailableError(
        `Argo CD ${
          instance.name
        } asked to wait (HTTP 429); asking again after ${new Date(
          throttledUntil,
        ).toISOString()}`,
      );
    }
    calls += 1;
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status === 429) {
        throttledUntil =
          now() +
          1000 * retryAfterSeconds(res.headers.get('retry-after'), now());
      }
      return res;
    } catch (error) {
      const e = error as Error;
      const why =
        e.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (e.cause as Error | undefined)?.message ?? e.message;
      throw new ServiceUnavailableError(
        `Argo CD ${instance.name} (${baseUrl}) unreachable: ${why}`,
      );
    }
  }

  async function login(): Promise<string> {
    const res = await send('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: instance.username,
        password: instance.password,
      }),
    });
    if (!res.ok) {
      throw await upstreamError(res, 'login');
    }
    const body = (await res.json()) as { token?: string };
    if (!body.token) {
      throw new Error(`Argo CD ${instance.name} login returned no token`);
    }
    logger.info(`Logged in to Argo CD ${instance.name}`);
    return body.token;
  }

  function token(renew: boolean): Promise<string> {
    if (instance.token) return Promise.resolve(instance.token);
    if (!session || renew) {
      const pending = login();
      session = pending;
      pending.catch(() => {
        if (session === pending) session = undefined;
      });
    }
    return session;
  }

  /** Argo CD answers errors as `{error, code, message}`; keep its message, not the body. */
  async function upstreamError(res: Response, what: string) {
    let detail = res.statusText;
    try {
      const text = await res.text();
      try {
        const body = JSON.parse(text);
        detail = body?.message ?? body?.error ?? text;
      } catch {
        detail = text.slice(0, 200) || detail;
      }
    } catch {
      // keep the status text
    }
    return new ServiceUnavailableError(
      `Argo CD ${instance.name} ${what} failed: HTTP ${res.status} ${detail}`.trim(),
    );
  }

  async function get<T>(path: string, what: string): Promise<T | undefined> {
    let bearer = await token(false);
    let res = await send(path, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    if (res.status === 401 && !instance.token) {
      const stale = bearer;
      // Another caller may have renewed the session meanwhile.
      bearer = await token((await session) === stale);
      res = await send(path, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    }
    if (res.status === 404) return undefined;
    if (!res.ok) throw await upstreamError(res, what);
    try {
      return (await res.json()) as T;
    } catch (error) {
      throw new ServiceUnavailableError(
        `Argo CD ${instance.name} ${what}: the answer is not valid JSON (${
          (error as Error).message
        })`,
      );
    }
  }

  return {
    instance,
    async listApplications(selector) {
      const query = selector ? `?selector=${encodeURIComponent(selector)}` : '';
      const body = await get<{ items?: ArgoApplication[] | null }>(
        `/api/v1/applications${query}`,
        'list applications',
      );
      // Argo CD leaves `items` out (or null) when there are none, but always answers its list
      // `metadata`: an answer with neither is not an application list.
      const list = body as
        | { items?: unknown; metadata?: unknown }
        | null
        | undefined;
      const items = list?.items;
      if (
        !list ||
        typeof list !== 'object' ||
        (items !== null && items !== undefined && !Array.isArray(items)) ||
        (!Array.isArray(items) && typeof list.metadata !== 'object')
      ) {
        throw new ArgoCdAnswerError(
          `Argo CD ${instance.name} answered 200 without items`,
        );
      }
      const apps = (items ?? []) as ArgoApplication[];
      if (apps.some(a => typeof a?.metadata?.name !== 'string')) {
        throw new ArgoCdAnswerError(
          `Argo CD ${instance.name} answered applications without metadata.name`,
        );
      }
      return apps;
    },
    async getRevisionMetadata(appName, revision) {
      return get<ArgoRevisionMetadata>(
        `/api/v1/applications/${encodeURIComponent(
          appName,
        )}/revisions/${encodeURIComponent(revision)}/metadata`,
        `revision ${revision.slice(0, 7)} metadata`,
      );
    },
    upstreamCalls: () => calls,
  };
}
