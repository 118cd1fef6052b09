import { ProcessSnapshot, ProcessSnapshots } from './ProcessSnapshot';

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

describe('ProcessSnapshots', () => {
  it('builds once per key and period, keys apart, and forgets the oldest key past the bound', async () => {
    let clock = 0;
    const builds: string[] = [];
    const snapshots = new ProcessSnapshots<string>(1_000, 2, () => clock);
    const get = (key: string) =>
      snapshots.get(key, async () => {
        builds.push(key);
        return `${key}@${clock}`;
      });
    expect(await Promise.all([get('a'), get('a'), get('b')])).toEqual([
      'a@0',
      'a@0',
      'b@0',
    ]);
    expect(builds).toEqual(['a', 'b']);
    clock = 1_500;
    expect(await get('a')).toBe('a@1500');
    await get('c'); // a third key: a, the oldest, goes
    await get('a');
    expect(builds).toEqual(['a', 'b', 'a', 'c', 'a']);
  });
});

describe('ProcessSnapshot with maxWaitMs', () => {
  it('hands out the previous value when a rebuild is slow, and the new one once it is built', async () => {
    let clock = 0;
    let release: (v: string) => void = () => {};
    let n = 0;
    const snapshot = new ProcessSnapshot<string>(
      1_000,
      () =>
        ++n === 1
          ? Promise.resolve('first')
          : new Promise<string>(r => {
              release = r;
            }),
      () => clock,
      { maxWaitMs: 50 },
    );
    expect(await snapshot.get()).toBe('first');
    clock = 2_000;
    const started = Date.now();
    expect(await snapshot.get()).toBe('first'); // the rebuild hangs: the previous board after 50 ms
    expect(Date.now() - started).toBeLessThan(1_000);
    release('second');
    await new Promise(r => setTimeout(r, 0));
    expect(await snapshot.get()).toBe('second');
    expect(n).toBe(2);
  });

  it('keeps the previous value when a rebuild fails, says so, and builds again on the next ask', async () => {
    let clock = 0;
    let n = 0;
    const errors: unknown[] = [];
    const snapshot = new ProcessSnapshot<string>(
      1_000,
      async () => {
        n++;
        if (n === 2) throw new Error('argocd down');
        return `build ${n}`;
      },
      () => clock,
      { maxWaitMs: 5_000, onBuildError: e => errors.push(e) },
    );
    expect(await snapshot.get()).toBe('build 1');
    clock = 2_000;
    expect(await snapshot.get()).toBe('build 1');
    expect(String(errors[0])).toMatch(/argocd down/);
    expect(await snapshot.get()).toBe('build 3');
  });
});
