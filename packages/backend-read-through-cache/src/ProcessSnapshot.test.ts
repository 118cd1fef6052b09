import { ProcessSnapshot } from './ProcessSnapshot';

describe('ProcessSnapshot', () => {
  it('builds once for concurrent callers, hands every caller the same object, and rebuilds after the period', async () => {
    let now = 0;
    let builds = 0;
    const snapshot = new ProcessSnapshot(
      30_000,
      async () => {
        builds += 1;
        await new Promise(resolve => setTimeout(resolve, 10));
        return { build: builds };
      },
      () => now,
    );
    const first = await Promise.all(
      Array.from({ length: 100 }, () => snapshot.get()),
    );
    expect(builds).toBe(1);
    expect(new Set(first).size).toBe(1);

    now += 29_000;
    expect(await snapshot.get()).toBe(first[0]);
    expect(builds).toBe(1);

    now += 2_000;
    const second = await Promise.all([snapshot.get(), snapshot.get()]);
    expect(builds).toBe(2);
    expect(second[0]).toEqual({ build: 2 });
    expect(second[1]).toBe(second[0]);
  });

  it('keeps no failed build: the next caller builds again', async () => {
    let fail = true;
    const snapshot = new ProcessSnapshot(60_000, async () => {
      if (fail) throw new Error('catalog down');
      return 'board';
    });
    await expect(Promise.all([snapshot.get(), snapshot.get()])).rejects.toThrow(
      'catalog down',
    );
    fail = false;
    await expect(snapshot.get()).resolves.toBe('board');
  });
});
