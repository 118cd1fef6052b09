import { z } from 'zod';
import { parseQuery } from './query';

describe('parseQuery', () => {
  const schema = z
    .object({ days: z.enum(['7', '30']).default('30'), owner: z.string() })
    .strict();

  it('returns the parsed query with its defaults', () => {
    expect(parseQuery(schema, { owner: 'team-a' })).toEqual({
      days: '30',
      owner: 'team-a',
    });
  });

  it('names every offending field in one 400', () => {
    let error: any;
    try {
      parseQuery(schema, { days: '9', extra: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/^Invalid query: days: .*; owner: .*/);
    expect(error.message).toMatch(/extra/);
  });
});
