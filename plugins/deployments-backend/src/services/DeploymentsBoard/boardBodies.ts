import { createHash } from 'node:crypto';
import { IndexedBoard } from './boardIndex';

/** Serialized answers kept per built board; the whole board is ~1 MB at benchmark scale. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * The JSON text of answers of one built board, by query and by what the caller may not see: a
 * hundred viewers of the whole board cost one serialization per period, not one each. Emptied when
 * a new board is built; bounded in bytes (oldest answers go first).
 */
export function createBoardBodies() {
  let board: IndexedBoard | undefined;
  const bodies = new Map<string, string>();
  let bytes = 0;

  return {
    get(
      indexed: IndexedBoard,
      key: { query: object; hiddenRefs: string[] },
      serialize: () => string,
    ): string {
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
      const body = serialize();
      bodies.set(id, body);
      bytes += body.length;
      for (const [oldest, text] of bodies) {
        if (bytes <= MAX_BYTES || oldest === id) break;
        bodies.delete(oldest);
        bytes -= text.length;
      }
      return body;
    },
  };
}
