import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createAnswerGuard } from './createAnswerGuard';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const HOUR = 3_600_000;

describe.each(databases.eachSupportedId())('createAnswerGuard on %s', id => {
  let db: Knex;
  let now = Date.parse('2026-12-04T10:00:00Z');

  beforeAll(async () => {
    db = await databases.init(id);
    // What the owning plugin's migration creates.
    await db.schema.createTable('test_answer_guards', t => {
      t.string('key', 255).primary();
      t.text('memory').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
  });

  const guard = () =>
    createAnswerGuard({ db, table: 'test_answer_guards', now: () => now });
  const nodes = (count: number) => ({
    key: 'kubernetes:prod:nodes',
    source: 'Kubernetes prod',
    unit: 'nodes',
    scope: 'prod',
    count,
  });

  it('moves the baseline only when the caller stored the answer, in its transaction', async () => {
    const first = await guard().judge(nodes(20));
    expect(first.store).toBe(true);
    // The write failed: the transaction rolls back, and so does the baseline.
    await db
      .transaction(async trx => {
        await first.accept(trx);
        throw new Error('disk full');
      })
      .catch(() => undefined);
    now += HOUR;
    // Still no baseline: 2 nodes is a first answer.
    const second = await guard().judge(nodes(2));
    expect(second.store).toBe(true);
    await db.transaction(trx => second.accept(trx));
    now += HOUR;
    const third = await guard().judge(nodes(20));
    await third.accept();
    expect(await guard().held()).toEqual([]);
  });

  it('holds a drop to 10 %, reports it for the page, and accepts it on the next run', async () => {
    now += HOUR;
    const since = new Date(now).toISOString();
    const held = await guard().judge(nodes(2));
    expect(held.store).toBe(false);
    await held.accept(); // a no-op: nothing moves
    expect(await guard().held()).toEqual([
      expect.objectContaining({
        key: 'kubernetes:prod:nodes',
        scope: 'prod',
        count: 2,
        acceptedCount: 20,
        since,
        message: expect.stringMatching(
          /^Kubernetes prod answered 2 nodes at .* \(had 20 at .*\): not stored, waiting for confirmation by the next run$/,
        ),
      }),
    ]);

    now += HOUR;
    const confirmed = await guard().judge(nodes(2));
    expect(confirmed.store).toBe(true);
    expect(confirmed.confirmed).toMatchObject({ since, acceptedCount: 20 });
    await confirmed.accept();
    expect(await guard().held()).toEqual([]);
    now += HOUR;
    expect((await guard().judge(nodes(2))).store).toBe(true);
  });

  it('uses the configured policy', async () => {
    now += HOUR;
    const strict = createAnswerGuard({
      db,
      table: 'test_answer_guards',
      policy: { fraction: 0.2 },
      now: () => now,
    });
    const first = await strict.judge({ ...nodes(10), key: 'strict' });
    await first.accept();
    expect((await strict.judge({ ...nodes(7), key: 'strict' })).store).toBe(
      false,
    );
  });
});
