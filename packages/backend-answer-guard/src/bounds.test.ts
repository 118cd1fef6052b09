import {
  DeadlineExceededError,
  PaginationLimitError,
  RetryAfterTooLongError,
  boundedPages,
  boundedRetryAfter,
  withDeadline,
} from './bounds';
import { ShapelessAnswerError, requireList } from './shape';

async function collect<P>(pages: AsyncGenerator<P>) {
  const out: P[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('boundedPages', () => {
  it('reads every page until there is no token', async () => {
    const tokens: Array<string | undefined> = [];
    const pages = await collect(
      boundedPages(
        'test',
        async token => {
          tokens.push(token);
          const n = token ? Number(token) : 0;
          return { n, next: n < 2 ? String(n + 1) : '' };
        },
        p => p.next,
      ),
    );
    expect(pages.map(p => p.n)).toEqual([0, 1, 2]);
    expect(tokens).toEqual([undefined, '1', '2']);
  });

  it('stops at a repeated token and at the page bound', async () => {
    await expect(
      collect(
        boundedPages(
          'SecurityHub',
          async () => ({}),
          () => 'same',
        ),
      ),
    ).rejects.toThrow(
      new PaginationLimitError(
        'SecurityHub: page token repeated after 2 pages; stopped reading (the answer is incomplete)',
      ),
    );
    let n = 0;
    await expect(
      collect(
        boundedPages(
          'Cost Explorer',
          async () => ++n,
          p => `t${p}`,
          { maxPages: 5 },
        ),
      ),
    ).rejects.toThrow(/more than 5 pages/);
    expect(n).toBe(5);
  });
});

describe('boundedRetryAfter', () => {
  it('reads seconds and HTTP dates, and refuses to wait beyond the bound', () => {
    expect(boundedRetryAfter('x', '3')).toBe(3000);
    expect(boundedRetryAfter('x', 0)).toBe(0);
    expect(boundedRetryAfter('x', undefined)).toBeUndefined();
    expect(boundedRetryAfter('x', 'soon')).toBeUndefined();
    // Not a Retry-After at all, though Date.parse reads "-5" as a year: no wait is read from it.
    expect(boundedRetryAfter('x', '-5')).toBeUndefined();
    expect(boundedRetryAfter('x', '1e3')).toBeUndefined();
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(
      boundedRetryAfter('x', 'Fri, 04 Dec 2026 10:00:30 GMT', { now }),
    ).toBe(30_000);
    expect(() => boundedRetryAfter('SecurityHub', '3600')).toThrow(
      new RetryAfterTooLongError(
        'SecurityHub: asked to retry after 3600 s, more than the 60 s this run waits; giving up until the next run',
      ),
    );
    expect(boundedRetryAfter('x', '90', { maxMs: 120_000 })).toBe(90_000);
  });
});

describe('requireList', () => {
  it('returns the list, or says the answer has none', () => {
    expect(
      requireList({ items: [1] }, 'items', 'Kubernetes prod nodes'),
    ).toEqual([1]);
    expect(() => requireList({}, 'items', 'Kubernetes prod nodes')).toThrow(
      new ShapelessAnswerError(
        'Kubernetes prod nodes: answer has no items list',
      ),
    );
    expect(() => requireList(null, 'Findings', 'SecurityHub')).toThrow(
      ShapelessAnswerError,
    );
    expect(() => requireList({ items: {} }, 'items', 'x')).toThrow(
      /no items list/,
    );
  });
});

describe('withDeadline', () => {
  it('rejects at the deadline even when the call never settles and ignores its signal', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    await expect(
      withDeadline('Kubernetes prod (GET /api/v1/pods)', 200, signal => {
        seen = signal;
        return new Promise(() => {}); // a body that never ends
      }),
    ).rejects.toThrow(
      new DeadlineExceededError(
        'Kubernetes prod (GET /api/v1/pods) timed out: no answer within 0.2 s',
      ),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen?.aborted).toBe(true);
  });

  it("stops with the run's own signal, and refuses to start once it is aborted", async () => {
    const run = new AbortController();
    const pending = withDeadline(
      'OpenCost',
      60_000,
      () => new Promise(() => {}),
      {
        signal: run.signal,
      },
    );
    run.abort(new Error('task timed out'));
    await expect(pending).rejects.toThrow('task timed out');
    await expect(
      withDeadline('OpenCost', 60_000, async () => 1, { signal: run.signal }),
    ).rejects.toThrow('task timed out');
  });

  it('answers what the call answers within the deadline', async () => {
    await expect(withDeadline('Datadog', 1_000, async () => 42)).resolves.toBe(
      42,
    );
  });
});
