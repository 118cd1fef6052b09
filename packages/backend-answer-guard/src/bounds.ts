/** A pagination loop that would not end: too many pages, or a page token seen before. @public */
export class PaginationLimitError extends Error {
  readonly name = 'PaginationLimitError';
}

/** An upstream asked to wait longer than the caller will in one run. @public */
export class RetryAfterTooLongError extends Error {
  readonly name = 'RetryAfterTooLongError';
}

/** Default page bound of {@link boundedPages}. @public */
export const DEFAULT_MAX_PAGES = 10_000;
/** Default bound of {@link boundedRetryAfter}: one minute. @public */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Every page of a paginated read, bounded: at most `maxPages` pages, and a token that comes back
 * (an upstream looping on itself) ends the read with a {@link PaginationLimitError} instead of
 * reading forever. `fetchPage` gets `undefined` for the first page.
 *
 * @public
 */
export async function* boundedPages<P>(
  source: string,
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined | null,
  options: { maxPages?: number } = {},
): AsyncGenerator<P> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 0; ; ) {
    const page = await fetchPage(token);
    pages++;
    yield page;
    const next = nextToken(page) || undefined;
    if (next === undefined) return;
    if (seen.has(next)) {
      throw new PaginationLimitError(
        `${source}: page token repeated after ${pages} pages; stopped reading (the answer is incomplete)`,
      );
    }
    if (pages >= maxPages) {
      throw new PaginationLimitError(
        `${source}: more than ${maxPages} pages; stopped reading (the answer is incomplete)`,
      );
    }
    seen.add(next);
    token = next;
  }
}

/**
 * How long a `Retry-After` (seconds, or an HTTP date) asks to wait, in ms; `undefined` when there is
 * none or it cannot be read. Longer than `maxMs` throws a {@link RetryAfterTooLongError}: the caller
 * gives up for this run rather than holding its task (and its lock) for an hour.
 *
 * @public
 */
export function boundedRetryAfter(
  source: string,
  retryAfter: string | number | undefined | null,
  options: { maxMs?: number; now?: number } = {},
): number | undefined {
  const maxMs = options.maxMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  if (retryAfter === undefined || retryAfter === null || retryAfter === '') {
    return undefined;
  }
  const text = String(retryAfter).trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // An HTTP date names its day and month ("Fri, 04 Dec 2026 10:00:30 GMT"); anything else
    // ("-5", "1e3") is not a Retry-After, though Date.parse would read some of it as a year.
    if (!/[a-z]{3}/i.test(text)) return undefined;
    const date = Date.parse(text);
    if (!Number.isFinite(date)) return undefined;
    ms = Math.max(0, date - (options.now ?? Date.now()));
  }
  if (ms > maxMs) {
    throw new RetryAfterTooLongError(
      `${source}: asked to retry after ${Math.ceil(
        ms / 1000,
      )} s, more than the ${
        maxMs / 1000
      } s this run waits; giving up until the next run`,
    );
  }
  return ms;
}

/** An upstream call that did not settle within its deadline. @public */
export class DeadlineExceededError extends Error {
  readonly name = 'DeadlineExceededError';
}

/**
 * Runs one upstream call with a deadline that holds whatever the call does: at `ms` the call's
 * signal aborts and the returned promise rejects with a {@link DeadlineExceededError}, even if the
 * call ignores its signal or a response body never ends. `options.signal` (a scheduled task's)
 * aborts it too, with that signal's reason. A run that awaits upstream calls through this can
 * never hang past its deadlines.
 *
 * @public
 */
export async function withDeadline<T>(
  what: string,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const outer = options.signal;
  outer?.throwIfAborted();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(
        `${what} timed out: no answer within ${Math.round(ms / 100) / 10} s`,
      );
      controller.abort(error);
      reject(error);
    }, ms);
    onAbort = () => {
      controller.abort(outer!.reason);
      reject(outer!.reason);
    };
    outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}
