import {
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import {
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
} from '../credentials';

/*
 * AWS STS as production's auth paths call it (awsQuery protocol: `POST /` with a form body, XML
 * answers): `AssumeRole` (aws.accounts roles through @backstage/integration-aws-node, the
 * Kubernetes plugin's `aws` auth provider) and `GetCallerIdentity` (the main account's id).
 *
 * Temporary credentials are stateless: the session token carries the role, the access key id and
 * the expiry, MAC'd with a per-process key, so every simulated AWS service (and the Kubernetes API,
 * for EKS tokens) can check a key it never saw issued.
 */

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** Temporary access key ids this simulator issues start with this. */
export const SIM_TEMPORARY_KEY_PREFIX = 'ASIAPIERSIM';
const MAC_KEY = randomBytes(32);

export interface SimCaller {
  accessKeyId: string;
  /** The secret key, so a signature can be recomputed (presigned EKS tokens). */
  secretAccessKey: string;
  account: string;
  arn: string;
  userId: string;
}

export interface ParsedSigV4 {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export function parseSigV4Header(auth: string): ParsedSigV4 | undefined {
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return undefined;
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(';'),
    signature: m[6],
  };
}

const mac = (payload: string) =>
  createHmac('sha256', MAC_KEY).update(payload).digest('base64url');
/** A temporary key's secret is derived from its id, so nothing is stored. */
const secretFor = (accessKeyId: string) =>
  createHmac('sha256', MAC_KEY)
    .update(`secret:${accessKeyId}`)
    .digest('base64')
    .slice(0, 40);

interface TokenPayload {
  k: string; // access key id
  a: string; // assumed-role ARN
  x: number; // expiry, epoch ms
}

/** Issues temporary credentials for a role, valid `durationSeconds`. */
export function issueTemporaryCredentials(
  roleArn: string,
  sessionName: string,
  durationSeconds: number,
  now = Date.now(),
) {
  const account = accountOf(roleArn) ?? '000000000000';
  const roleName = roleArn.split('/').slice(1).join('/') || 'role';
  const accessKeyId =
    SIM_TEMPORARY_KEY_PREFIX +
    randomBytes(8).toString('hex').toUpperCase().slice(0, 9);
  const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
  const expiration = new Date(now + durationSeconds * 1000);
  const payload = Buffer.from(
    JSON.stringify({
      k: accessKeyId,
      a: assumedArn,
      x: expiration.getTime(),
    } satisfies TokenPayload),
  ).toString('base64url');
  return {
    accessKeyId,
    secretAccessKey: secretFor(accessKeyId),
    sessionToken: `${payload}.${mac(payload)}`,
    expiration,
    assumedArn,
    assumedRoleId: `AROAPIERSIM${roleName.length
      .toString()
      .padStart(9, '0')}:${sessionName}`,
  };
}

function accountOf(arn: string): string | undefined {
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}

/**
 * Who signed a request: the simulator's static key, or a temporary key this simulator issued
 * (its session token must verify and not be expired). Returns an error code otherwise.
 */
export function identifyCaller(
  accessKeyId: string,
  sessionToken: string | undefined,
  now = Date.now(),
): SimCaller | { error: 'InvalidClientTokenId' | 'ExpiredToken' } {
  if (accessKeyId === SIM_AWS_ACCESS_KEY_ID) {
    return {
      accessKeyId,
      secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/pier-sim',
      userId: 'AIDAPIERSIMULATOR000',
    };
  }
  if (!accessKeyId.startsWith(SIM_TEMPORARY_KEY_PREFIX) || !sessionToken) {
    return { error: 'InvalidClientTokenId' };
  }
  const [payload, tag] = sessionToken.split('.');
  if (!payload || !tag) return { error: 'InvalidClientTokenId' };
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { error: 'InvalidClientTokenId' };
  }
  let parsed: TokenPayload;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { error: 'InvalidClientTokenId' };
  }
  if (parsed.k !== accessKeyId) return { error: 'InvalidClientTokenId' };
  if (parsed.x <= now) return { error: 'ExpiredToken' };
  return {
    accessKeyId,
    secretAccessKey: secretFor(accessKeyId),
    account: accountOf(parsed.a) ?? '000000000000',
    arn: parsed.a,
    userId: `AROAPIERSIM:${parsed.a.split('/').pop()}`,
  };
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    c =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[
        c
      ]!),
  );

export interface StsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function xml(status: number, body: string): StsAnswer {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** An STS error as the awsQuery protocol answers it. */
export function stsError(
  status: number,
  code: string,
  message: string,
): StsAnswer {
  return xml(
    status,
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${escapeXml(
      code,
    )}</Code><Message>${escapeXml(
      message,
    )}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/**
 * Answers one STS request (`POST /`, form body), or a signed `GET /?Action=…` as a presigned URL
 * would send it. `headers` are the request's (lower-case names).
 */
export function handleSts(request: {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  body: string;
}): StsAnswer {
  const params =
    request.method === 'POST'
      ? new URLSearchParams(request.body)
      : request.query;
  const action = params.get('Action');
  if (!action) {
    return stsError(400, 'MissingAction', 'Missing Action parameter');
  }
  // Header-signed (POST) or presigned (query) SigV4.
  let accessKeyId: string | undefined;
  let service: string | undefined;
  let sessionToken: string | undefined;
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const parsed = parseSigV4Header(auth);
    if (!parsed) {
      return stsError(
        400,
        'IncompleteSignature',
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
      );
    }
    accessKeyId = parsed.accessKeyId;
    service = parsed.service;
    const token = request.headers['x-amz-security-token'];
    sessionToken = typeof token === 'string' ? token : undefined;
  } else if (request.query.get('X-Amz-Credential')) {
    const cred = request.query.get('X-Amz-Credential')!.split('/');
    accessKeyId = cred[0];
    service = cred[3];
    sessionToken = request.query.get('X-Amz-Security-Token') ?? undefined;
  } else {
    return stsError(
      403,
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  }
  if (service !== 'sts') {
    return stsError(
      403,
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'sts'.",
    );
  }
  const caller = identifyCaller(accessKeyId, sessionToken);
  if ('error' in caller) {
    return caller.error === 'ExpiredToken'
      ? stsError(
          403,
          'ExpiredToken',
          'The security token included in the request is expired',
        )
      : stsError(
          403,
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
        );
  }
  if (action === 'GetCallerIdentity') {
    return xml(
      200,
      `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>${escapeXml(
        caller.arn,
      )}</Arn><UserId>${escapeXml(caller.userId)}</UserId><Account>${
        caller.account
      }</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  if (action === 'AssumeRole') {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) {
      return stsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`,
      );
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return stsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
      );
    }
    const duration = Number(params.get('DurationSeconds') ?? 3600);
    if (!(duration >= 900 && duration <= 43200)) {
      return stsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint`,
      );
    }
    const creds = issueTemporaryCredentials(roleArn, sessionName, duration);
    return xml(
      200,
      `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><AssumedRoleUser><Arn>${escapeXml(
        creds.assumedArn,
      )}</Arn><AssumedRoleId>${escapeXml(
        creds.assumedRoleId,
      )}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${
        creds.accessKeyId
      }</AccessKeyId><SecretAccessKey>${escapeXml(
        creds.secretAccessKey,
      )}</SecretAccessKey><SessionToken>${escapeXml(
        creds.sessionToken,
      )}</SessionToken><Expiration>${creds.expiration.toISOString()}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
  return stsError(
    400,
    'InvalidAction',
    `Could not find operation ${action} for version 2011-06-15`,
  );
}

const sha256Hex = (data: string) =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();
/** Byte order, as SigV4 sorts query parameters (not the locale's order). */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
/** RFC 3986 encoding, as SigV4 canonicalises query strings. */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Recomputes the SigV4 signature of a presigned GET URL whose signed headers are `host` plus
 * `extraHeaders` (e.g. `x-k8s-aws-id`), with the caller's secret.
 */
export function presignedSignature(
  url: URL,
  secretAccessKey: string,
  extraHeaders: Record<string, string>,
): string {
  const q = url.searchParams;
  const [, date, region, service] = (q.get('X-Amz-Credential') ?? '').split(
    '/',
  );
  const signed = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  const headerValues: Record<string, string> = {
    host: url.host,
    ...extraHeaders,
  };
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    url.pathname || '/',
    canonicalQuery,
    `${signed.map(h => `${h}:${(headerValues[h] ?? '').trim()}`).join('\n')}\n`,
    signed.join(';'),
    sha256Hex(''),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    q.get('X-Amz-Date') ?? '',
    scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service),
    'aws4_request',
  );
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** Parses `20260101T120000Z`. */
function amzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

/**
 * Checks an EKS bearer token (`k8s-aws-v1.` + base64url of a presigned STS GetCallerIdentity
 * URL) the way aws-iam-authenticator does before it asks STS: the URL is STS's, the action
 * GetCallerIdentity, `x-k8s-aws-id` is signed, `X-Amz-Expires` ≤ 900 and the signing date is
 * within 15 minutes. Where the authenticator then calls STS, this stand-in recomputes the
 * signature with the caller's secret and the cluster's name as `x-k8s-aws-id`, so a token for
 * another cluster, a tampered URL or an unknown key is refused. Returns the reason when refused.
 */
export function verifyEksToken(
  token: string,
  clusterName: string,
  now = Date.now(),
): { ok: true; caller: SimCaller } | { ok: false; reason: string } {
  const prefix = 'k8s-aws-v1.';
  if (!token.startsWith(prefix))
    return { ok: false, reason: 'not an EKS token' };
  let url: URL;
  try {
    url = new URL(
      Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'),
    );
  } catch {
    return { ok: false, reason: 'token is not a base64url-encoded URL' };
  }
  if (
    url.protocol !== 'https:' ||
    !/^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(url.hostname) ||
    url.pathname !== '/'
  ) {
    return {
      ok: false,
      reason: `unexpected STS URL ${url.origin}${url.pathname}`,
    };
  }
  const q = url.searchParams;
  if (
    q.get('Action') !== 'GetCallerIdentity' ||
    q.get('Version') !== '2011-06-15'
  )
    return { ok: false, reason: 'not a GetCallerIdentity request' };
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    return { ok: false, reason: 'unsupported X-Amz-Algorithm' };
  const credential = (q.get('X-Amz-Credential') ?? '').split('/');
  if (
    credential.length !== 5 ||
    credential[3] !== 'sts' ||
    credential[4] !== 'aws4_request'
  )
    return { ok: false, reason: 'malformed X-Amz-Credential' };
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (
    !signedHeaders.includes('x-k8s-aws-id') ||
    !signedHeaders.includes('host')
  )
    return {
      ok: false,
      reason: 'X-Amz-SignedHeaders must include host and x-k8s-aws-id',
    };
  const expires = Number(q.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 0 || expires > 900)
    return { ok: false, reason: 'X-Amz-Expires must be at most 900 seconds' };
  const signedAt = amzDate(q.get('X-Amz-Date') ?? '');
  if (signedAt === undefined)
    return { ok: false, reason: 'malformed X-Amz-Date' };
  if (now - signedAt > 15 * 60_000 || signedAt - now > 5 * 60_000)
    return { ok: false, reason: 'token expired' };
  const caller = identifyCaller(
    credential[0],
    q.get('X-Amz-Security-Token') ?? undefined,
    now,
  );
  if ('error' in caller) return { ok: false, reason: `STS: ${caller.error}` };
  const expected = presignedSignature(url, caller.secretAccessKey, {
    'x-k8s-aws-id': clusterName,
  });
  const given = q.get('X-Amz-Signature') ?? '';
  if (
    expected.length !== given.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(given))
  )
    return {
      ok: false,
      reason: `signature does not match (a token for another cluster than ${clusterName}?)`,
    };
  return { ok: true, caller };
}
