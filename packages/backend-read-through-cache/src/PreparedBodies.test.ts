import express from 'express';
import request from 'supertest';
import { PreparedBodies, hiddenKey, sendPrepared } from './PreparedBodies';

const big = (n: number) =>
  JSON.stringify({ rows: Array.from({ length: n }, (_, i) => ({ i })) });

describe('PreparedBodies', () => {
  it('serializes once per version and key, again when the data changes', () => {
    const bodies = new PreparedBodies();
    let serialized = 0;
    const serialize = (text: string) => () => {
      serialized++;
      return text;
    };
    const v1 = { built: 1 };
    const a = bodies.get(v1, 'all|', serialize('{"v":1}'));
    expect(bodies.get(v1, 'all|', serialize('{"v":1}'))).toBe(a);
    expect(serialized).toBe(1);
    // another caller hiding a service gets its own answer
    const hidden = bodies.get(
      v1,
      `all|${hiddenKey(['component:default/secret'])}`,
      serialize('{"v":1,"hidden":1}'),
    );
    expect(hidden.json.toString()).toBe('{"v":1,"hidden":1}');
    // a new version of the data: made again, with another tag
    const b = bodies.get({ built: 2 }, 'all|', serialize('{"v":2}'));
    expect(b.json.toString()).toBe('{"v":2}');
    expect(b.etag).not.toBe(a.etag);
    expect(serialized).toBe(3);
  });

  it('keeps at most maxBytes, the least recently used going first', () => {
    const bodies = new PreparedBodies(2_600);
    const text = big(100); // ~1 KB, counted 1.25 ×
    let serialized = 0;
    const get = (key: string) =>
      bodies.get('v', key, () => {
        serialized++;
        return text;
      });
    get('a');
    get('b');
    get('a'); // a is now the most recently used
    get('c'); // over the limit: b goes
    expect(serialized).toBe(3);
    get('a');
    expect(serialized).toBe(3);
    get('b');
    expect(serialized).toBe(4);
    expect(bodies.size()).toBeLessThanOrEqual(2_600);
  });

  it('names everyone who sees everything alike, and other hidden sets apart', () => {
    expect(hiddenKey([])).toBe('');
    expect(hiddenKey(['a'])).not.toBe(hiddenKey(['b']));
    expect(hiddenKey(['a', 'b'])).toBe(hiddenKey(['a', 'b']));
  });
});

describe('sendPrepared', () => {
  const bodies = new PreparedBodies();
  const text = big(500);
  const app = express().get('/x', (req, res) =>
    sendPrepared(
      req,
      res,
      bodies.get('v', 'x', () => text),
    ),
  );

  it('sends gzip to a browser, JSON to a script, and 304 to a fresh cache', async () => {
    // supertest unzips what it is sent: the header says it came gzipped
    const gz = await request(app)
      .get('/x')
      .set('accept-encoding', 'gzip, deflate, br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/application\/json/);
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    expect(gz.body).toEqual(JSON.parse(text));
    expect(Number(gz.headers['content-length'])).toBeLessThan(text.length);

    const plain = await request(app)
      .get('/x')
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(JSON.parse(text));

    const again = await request(app)
      .get('/x')
      .set('accept-encoding', 'identity')
      .set('if-none-match', plain.headers.etag);
    expect(again.status).toBe(304);
  });
});
