import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { IndexedBoard } from './boardIndex';

/**
 * An answer ready to send: the UTF-8 bytes and their entity tag (what express would compute per
 * request), and the same gzipped (made on first ask, kept: what compression would do per request).
 */
export interface BoardBody {
  json: Buffer;
  etag: string;
  gzipped(): { body: Buffer; etag: string };
}

function bodyOf(text: string): BoardBody {
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

/** Serialized answers kept per built board; the whole board is ~1 MB at benchmark scale. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * The answers of one built board, by query and by what the caller may not see, serialized,
 * encoded and tagged once: a hundred viewers of the whole board cost one serialization per period,
 * not one each. Emptied when a new board is built; bounded in bytes (oldest answers go first).
 */
export function createBoardBodies() {
  let board: IndexedBoard | undefined;
  const bodies = new Map<string, BoardBody>();
  let bytes = 0;

  return {
    get(
      indexed: IndexedBoard,
      key: { query: object; hiddenRefs: string[] },
      serialize: () => string,
    ): BoardBody {
      if (board !== indexed) {
        board = indexed;
        bodies.clear();
        bytes = 0;
      }
      const id = `${JSON.stringify(key.query)}|${
        key.hiddenRefs.length
          ? createHash('sha1').update(key.hiddenRefs.join('\n')).digest('hex')
          : ''
      }`;
      const known = bodies.get(id);
      if (known !== undefined) return known;
      const body = bodyOf(serialize());
      bodies.set(id, body);
      bytes += body.json.length * 1.25;
      for (const [oldest, old] of bodies) {
        if (bytes <= MAX_BYTES || oldest === id) break;
        bodies.delete(oldest);
        bytes -= old.json.length * 1.25;
      }
      return body;
    },
  };
}
