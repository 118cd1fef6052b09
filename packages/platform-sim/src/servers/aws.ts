import { randomUUID } from 'node:crypto';
import { ErrorShaper, SimRequest, SimResponse, json } from './http';
import { identifyCaller, parseSigV4Header } from './sts';

export type AwsProtocol = 'restJson1' | 'awsJson1_1';

/** An AWS error: status, `x-amzn-errortype` header and a JSON body. */
export function awsError(
  protocol: AwsProtocol,
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string | number>,
): SimResponse {
  const body =
    protocol === 'awsJson1_1'
      ? { __type: type, message }
      : { message, Message: message, Code: type };
  return json(status, body, {
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
    ...(protocol === 'awsJson1_1'
      ? { 'content-type': 'application/x-amz-json-1.1' }
      : {}),
    ...headers,
  });
}

function errorTypeFor(status: number): string {
  if (status === 503) return 'ServiceUnavailableException';
  if (status >= 500) return 'InternalServerException';
  return 'InvalidInputException';
}

export function awsErrorShaper(
  protocol: AwsProtocol,
  throttleType: string,
): ErrorShaper {
  return {
    error: (status, message) =>
      awsError(protocol, status, errorTypeFor(status), message),
    throttle: retryAfter =>
      awsError(protocol, 429, throttleType, 'Rate exceeded', {
        'retry-after': retryAfter,
      }),
  };
}

/**
 * Checks that a request carries a SigV4 `Authorization` header for the
 * simulator's access key (or temporary credentials its STS issued) and the expected signing service. Returns an error
 * response, or undefined when the request may proceed. (The signature itself
 * is not recomputed.)
 */
export function checkSigV4(
  req: SimRequest,
  protocol: AwsProtocol,
  signingService: string,
): SimResponse | undefined {
  const auth = req.headers.authorization;
  if (!auth) {
    return awsError(
      protocol,
      403,
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  }
  const parsed = parseSigV4Header(auth);
  if (!parsed) {
    return awsError(
      protocol,
      403,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.slice(
        0,
        40,
      )}`,
    );
  }
  // The static simulator key, or temporary credentials from the simulated STS (AssumeRole).
  const token = req.headers['x-amz-security-token'];
  const caller = identifyCaller(
    parsed.accessKeyId,
    typeof token === 'string' ? token : undefined,
  );
  if ('error' in caller) {
    return caller.error === 'ExpiredToken'
      ? awsError(
          protocol,
          403,
          'ExpiredTokenException',
          'The security token included in the request is expired',
        )
      : awsError(
          protocol,
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
  }
  if (parsed.service !== signingService) {
    return awsError(
      protocol,
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${signingService}'.`,
    );
  }
  return undefined;
}

/** An opaque pagination token bound to the query it belongs to. */
export function encodeToken(queryKey: string, offset: number): string {
  return Buffer.from(JSON.stringify({ q: queryKey, o: offset })).toString(
    'base64',
  );
}

export function decodeToken(
  token: string,
  queryKey: string,
): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed.q === queryKey && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** A tiny LRU for filtered result index lists, so pagination is O(n) overall. */
export class ResultCache<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly size = 32) {}

  get(key: string, compute: () => T): T {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.size) {
      this.map.delete(this.map.keys().next().value!);
    }
    return value;
  }
}
