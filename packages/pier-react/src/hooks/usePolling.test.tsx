import { act, render, screen } from '@testing-library/react';
import { usePolling } from './usePolling';

function Board(props: {
  load: () => Promise<string>;
  deps?: unknown[];
  pauseWhenHidden?: boolean;
}) {
  const { value, error, loading } = usePolling(props.load, props.deps ?? [], {
    intervalMs: 30_000,
    pauseWhenHidden: props.pauseWhenHidden,
  });
  return (
    <div>
      <p>shown: {value ?? 'nothing'}</p>
      {error && <p>error: {error.message}</p>}
      {loading && <p>loading</p>}
    </div>
  );
}

/** A backend whose answers the test decides, one per call. */
function backend(...answers: Array<string | Error>) {
  let calls = 0;
  const load = async () => {
    const a = answers[Math.min(calls++, answers.length - 1)];
    if (a instanceof Error) throw a;
    return a;
  };
  return { load, calls: () => calls };
}

const tick = async (ms: number) => {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
};

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    Object.defineProperty(document, 'visibilityState', {
      value: 'visible',
      configurable: true,
    });
  });

  it('reloads on the interval and keeps the last good data next to the error', async () => {
    const api = backend('board 1', new Error('HTTP 503'), 'board 2');
    render(<Board load={api.load} />);
    expect(await screen.findByText('shown: board 1')).toBeInTheDocument();

    await tick(30_000);
    expect(screen.getByText('error: HTTP 503')).toBeInTheDocument();
    expect(screen.getByText('shown: board 1')).toBeInTheDocument();

    await tick(30_000);
    expect(screen.getByText('shown: board 2')).toBeInTheDocument();
    expect(screen.queryByText(/error/)).toBeNull();
  });

  it('does not show an answer to a question no longer asked', async () => {
    let resolveOld: (v: string) => void = () => {};
    const slow = () => new Promise<string>(r => (resolveOld = r));
    const { rerender } = render(<Board load={slow} deps={['cart']} />);
    rerender(<Board load={async () => 'checkout'} deps={['checkout']} />);
    expect(await screen.findByText('shown: checkout')).toBeInTheDocument();
    await act(async () => resolveOld('cart'));
    expect(screen.getByText('shown: checkout')).toBeInTheDocument();
  });

  it('skips reloads while the tab is hidden and catches up when it is shown', async () => {
    const api = backend('a', 'b');
    render(<Board load={api.load} pauseWhenHidden />);
    expect(await screen.findByText('shown: a')).toBeInTheDocument();
    Object.defineProperty(document, 'visibilityState', {
      value: 'hidden',
      configurable: true,
    });
    await tick(90_000);
    expect(api.calls()).toBe(1);

    Object.defineProperty(document, 'visibilityState', {
      value: 'visible',
      configurable: true,
    });
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(screen.getByText('shown: b')).toBeInTheDocument();
    expect(api.calls()).toBe(2);
  });

  it('reloads as often as the last answer says', async () => {
    let calls = 0;
    const load = async () => ({ refreshSeconds: 10, n: ++calls });
    function SelfTimedBoard() {
      const { value } = usePolling(load, [], {
        intervalMs: v => (v?.refreshSeconds ?? 30) * 1000,
      });
      return <p>answer {value?.n ?? 0}</p>;
    }
    render(<SelfTimedBoard />);
    expect(await screen.findByText('answer 1')).toBeInTheDocument();
    await tick(10_000);
    expect(screen.getByText('answer 2')).toBeInTheDocument();
    await tick(10_000);
    expect(screen.getByText('answer 3')).toBeInTheDocument();
  });
});
