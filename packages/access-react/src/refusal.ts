import { ResponseError } from '@backstage/errors';

/**
 * Whether an error is Pier refusing the person (403, NotAllowedError from a Pier backend, whose
 * message is the permission table's refusal text), as opposed to something that failed.
 *
 * @public
 */
export function isRefusal(error: unknown): error is Error {
  if (ResponseError.is(error)) {
    return (
      error.statusCode === 403 || error.body?.error?.name === 'NotAllowedError'
    );
  }
  return error instanceof Error && error.name === 'NotAllowedError';
}

/**
 * The refusal's reason as the server wrote it (why, and who can grant it), without the
 * "Request failed with 403 Forbidden" wrapping a ResponseError adds.
 *
 * @public
 */
export function refusalMessage(error: Error): string {
  if (ResponseError.is(error)) {
    return error.body?.error?.message || error.cause?.message || error.message;
  }
  return error.message;
}
