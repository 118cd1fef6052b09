import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * A route's query (or body) checked against its schema: the parsed value, or an `InputError` (HTTP
 * 400) naming every offending field, e.g. `Invalid query: days: Invalid option…; extra: …`, so a
 * person or script sending a bad link reads what to fix, and nothing runs with it.
 *
 * @public
 */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
  what = 'query',
): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
