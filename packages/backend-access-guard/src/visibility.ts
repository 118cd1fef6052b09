import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The part of the catalog (`catalogServiceRef` from `@backstage/plugin-catalog-node`) that the
 * visibility check calls; a `CatalogService` is one.
 *
 * @public
 */
export interface EntitiesByRefsReader {
  getEntitiesByRefs(
    request: { entityRefs: string[]; fields?: string[] },
    options: { credentials: BackstageCredentials },
  ): Promise<{ items: Array<unknown | null | undefined> }>;
}

/** @public */
export interface EntityVisibility {
  /**
   * The refs among `entityRefs` that the caller may read in the catalog (the caller's own
   * credentials: the catalog applies the permission policy). Returned as given (same spelling).
   */
  visibleRefs(
    credentials: BackstageCredentials,
    entityRefs: Iterable<string>,
  ): Promise<Set<string>>;
  /** Catalog requests sent so far (for tests and measurements). */
  catalogCalls(): number;
}

/** Refs per catalog request: the by-refs endpoint takes a JSON body, kept well below body limits. */
const CHUNK = 1000;
/** A caller's answers are reused this long: a board reload or a CSV right after costs nothing. */
const DEFAULT_MEMO_MS = 10_000;
const MAX_MEMO_USERS = 500;

/**
 * Which entities a caller may see, asked of the catalog with the caller's credentials: one batched
 * `getEntitiesByRefs` per request (chunked above 1000 refs), only the three fields the answer needs,
 * no per-row calls. Answers are memoised per user for a few seconds (`memoMs`, 0 turns it off),
 * so a policy change is seen within that time; service principals and other callers are never memoised.
 *
 * Dashboards and boards apply it after reading their shared (cached or precomputed) answer, so the
 * cache stays one entry for everyone and each caller gets only what the catalog lets them read.
 *
 * @public
 */
export function createEntityVisibility(options: {
  catalog: EntitiesByRefsReader;
  memoMs?: number;
  now?: () => number;
}): EntityVisibility {
  const { catalog } = options;
  const memoMs = options.memoMs ?? DEFAULT_MEMO_MS;
  const now = options.now ?? Date.now;
  let calls = 0;
  const memo = new Map<string, { at: number; refs: Map<string, boolean> }>();

  const inFlight = new Map<string, Promise<void>>();

  function userOf(credentials: BackstageCredentials): string | undefined {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    return principal?.type === 'user' ? principal.userEntityRef : undefined;
  }

  function memoOf(credentials: BackstageCredentials) {
    if (memoMs <= 0) return undefined;
    const key = userOf(credentials);
    if (!key) return undefined;
    let entry = memo.get(key);
    if (entry && now() - entry.at > memoMs) {
      memo.delete(key);
      entry = undefined;
    }
    if (!entry) {
      if (memo.size >= MAX_MEMO_USERS) {
        memo.delete(memo.keys().next().value!);
      }
      entry = { at: now(), refs: new Map() };
      memo.set(key, entry);
    }
    return entry.refs;
  }

  return {
    async visibleRefs(credentials, entityRefs) {
      const wanted = [...new Set(entityRefs)].filter(r => !!r);
      // A person's requests that arrive while their catalog read is under way wait for it and
      // use its answers, instead of each asking the catalog for the same thousands of refs.
      const user = memoMs > 0 ? userOf(credentials) : undefined;
      const pending = user ? inFlight.get(user) : undefined;
      if (pending) await pending.catch(() => {});
      const known = memoOf(credentials);
      const ask = known ? wanted.filter(r => !known.has(r)) : wanted;
      const answers = new Map<string, boolean>();
      const read = (async () => {
        for (let i = 0; i < ask.length; i += CHUNK) {
          const chunk = ask.slice(i, i + CHUNK);
          calls++;
          const { items } = await catalog.getEntitiesByRefs(
            {
              entityRefs: chunk,
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
            },
            { credentials },
          );
          chunk.forEach((ref, index) => answers.set(ref, !!items[index]));
        }
        for (const [ref, seen] of answers) known?.set(ref, seen);
      })();
      if (user && ask.length) {
        inFlight.set(user, read);
        read.then(
          () => inFlight.get(user) === read && inFlight.delete(user),
          () => inFlight.get(user) === read && inFlight.delete(user),
        );
      }
      await read;
      return new Set(
        wanted.filter(ref => answers.get(ref) ?? known?.get(ref) ?? false),
      );
    },
    catalogCalls: () => calls,
  };
}
