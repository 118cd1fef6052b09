import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * A JSON answer ready to send: its UTF-8 bytes and entity tag (what express computes per request),
 * and the same gzipped, made on first ask and kept (what the compression middleware does per
 * request).
 *
 * @public
 */
export interface PreparedBody {
  json: Buffer;
  etag: string;
  gzipped(): { body: Buffer; etag: string };
}

/** @public */
export function prepareBody(text: string): PreparedBody {
  const json = Buffer.from(text, 'utf8');
  const hash = createHash('sha1').update(json).digest('base64').slice(0, 27);
  const etag = `W/"${json.length.toString(16)}-${hash}"`;
  let gzipped: { body: Buffer; etag: string } | undefined;
  return {
    json,
    etag,
    gzipped: () =>
      (gzipped ??= { body: gzipSync(json), etag: `${etag.slice(0, -1)}-gz"` }),
  };
}

/**
 * A short, stable name for what a caller may not see (the refs left out of a shared answer), to
 * key prepared answers by: everyone who sees everything shares one.
 *
 * @public
 */
export function hiddenKey(hiddenRefs: readonly string[]): string {
  return hiddenRefs.length
    ? createHash('sha1').update(hiddenRefs.join('\n')).digest('hex')
    : '';
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Serialized answers of shared data (a board, a dashboard), by query and by what the caller may not
 * see, serialized, encoded and tagged once per version of the data: a hundred viewers cost one
 * serialization per version, not one each. An entry is made again when its version changes (the
 * data object itself, or a string naming it); bounded in bytes, least recently used first out.
 *
 * @public
 */
export class PreparedBodies {
  private readonly entries = new Map<
    string,
    { version: unknown; body: PreparedBody; bytes: number }
  >();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  get(version: unknown, key: string, serialize: () => string): PreparedBody {
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      if (known.version === version) {
        this.entries.set(key, known);
        return known.body;
      }
      this.bytes -= known.bytes;
    }
    const body = prepareBody(serialize());
    // the gzipped copy, once made, is a fraction of the JSON: count a quarter on top
    const bytes = Math.ceil(body.json.length * 1.25);
    this.entries.set(key, { version, body, bytes });
    this.bytes += bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
    return body;
  }

  /** Bytes held (for tests and measurements). */
  size(): number {
    return this.bytes;
  }
}

/** The parts of express's request and response that `sendPrepared` uses. @public */
export interface PreparedRequest {
  acceptsEncodings(...encodings: string[]): string | false;
}
/** @public */
export interface PreparedResponse {
  type(type: string): this;
  vary(field: string): this;
  set(field: Record<string, string> | string, value?: string): this;
  send(body: Buffer): this;
}

/**
 * Sends a prepared answer: gzipped when the caller takes it (the compression middleware leaves an
 * encoded answer alone), with its tag set, so express neither hashes nor compresses it again per
 * request, and a fresh cache gets 304 (express's `send` compares the tag).
 *
 * @public
 */
export function sendPrepared(
  req: PreparedRequest,
  res: PreparedResponse,
  body: PreparedBody,
): void {
  res.type('application/json').vary('Accept-Encoding');
  if (
    body.json.length >= 1024 &&
    req.acceptsEncodings('gzip', 'identity') === 'gzip'
  ) {
    const gzipped = body.gzipped();
    res
      .set({ 'Content-Encoding': 'gzip', ETag: gzipped.etag })
      .send(gzipped.body);
    return;
  }
  res.set('ETag', body.etag).send(body.json);
}
