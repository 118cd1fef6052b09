import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The catalog's by-ref read (`catalogServiceRef` from `@backstage/plugin-catalog-node`); a
 * `CatalogService` is one.
 *
 * @public
 */
export interface EntityReader<T> {
  getEntityByRef(
    ref: string,
    options: { credentials: BackstageCredentials },
  ): Promise<T | undefined>;
}

/** @public */
export interface MemoisedEntityReader<T> extends EntityReader<T> {
  /** Catalog requests sent so far (for tests and measurements). */
  catalogCalls(): number;
}

/** A person's answer is reused this long, as the entity visibility memo and ALLOW memo are. */
const DEFAULT_MEMO_MS = 10_000;
const MAX_ENTRIES = 5_000;

function canonicalRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch {
    return ref;
  }
}

/**
 * The catalog's `getEntityByRef` with the caller's credentials, remembered per person and entity
 * for a few seconds (`memoMs`, 0 turns it off) and shared by concurrent requests: a service page
 * opened by many people, or polled, costs one catalog request (and the catalog's own permission
 * decision) per person and period instead of one per request. What the caller may not see stays
 * unseen (the catalog still decides, with the caller's credentials); a policy, ownership or entity
 * change is seen within `memoMs`. Service principals and other callers are always asked afresh;
 * a failed read is never remembered.
 *
 * @public
 */
export function createEntityMemo<T>(options: {
  catalog: EntityReader<T>;
  memoMs?: number;
  maxEntries?: number;
  now?: () => number;
}): MemoisedEntityReader<T> {
  const { catalog } = options;
  const memoMs = options.memoMs ?? DEFAULT_MEMO_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const memo = new Map<
    string,
    { at: number; entity: Promise<T | undefined> }
  >();
  let calls = 0;

  const ask = (ref: string, credentials: BackstageCredentials) => {
    calls++;
    return catalog.getEntityByRef(ref, { credentials });
  };

  return {
    getEntityByRef(ref, { credentials }) {
      const principal = credentials.principal as {
        type?: string;
        userEntityRef?: string;
      };
      if (
        memoMs <= 0 ||
        principal?.type !== 'user' ||
        !principal.userEntityRef
      ) {
        return ask(ref, credentials);
      }
      const key = `${principal.userEntityRef}\n${canonicalRef(ref)}`;
      const known = memo.get(key);
      if (known && now() - known.at <= memoMs) return known.entity;
      memo.delete(key);
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value!);
      const entity = ask(ref, credentials);
      memo.set(key, { at: now(), entity });
      entity.catch(() => {
        if (memo.get(key)?.entity === entity) memo.delete(key);
      });
      return entity;
    },
    catalogCalls: () => calls,
  };
}
