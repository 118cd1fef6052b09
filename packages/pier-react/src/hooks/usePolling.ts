import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** @public */
export interface PollingOptions<T> {
  /**
   * Reload every this many milliseconds, or as the last answer says (a board that names its own
   * refresh period); without it the data is loaded once per change of `deps`.
   */
  intervalMs?: number | ((value: T | undefined) => number | undefined);
  /**
   * Skip reloads while the browser tab is hidden, and reload at once when it is shown again if a
   * reload was due. Off unless asked for.
   */
  pauseWhenHidden?: boolean;
}

/** @public */
export interface Polled<T> {
  /** The last answer that loaded; kept when a later reload fails or while the next one loads. */
  value?: T;
  /** Why the last load failed; cleared by the next successful one. */
  error?: Error;
  /** A load is under way. */
  loading: boolean;
  /** When `value` arrived (epoch milliseconds). */
  loadedAt?: number;
  /** Loads now, outside the interval. */
  reload: () => Promise<void>;
}

interface State<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  loadedAt?: number;
}

const hidden = () =>
  typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * Loads with `load` when `deps` change and every `intervalMs`. A failed reload keeps the last good
 * value next to the error, so a page can show both; an answer overtaken by a newer request is
 * dropped.
 *
 * @public
 */
export function usePolling<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: PollingOptions<T> = {},
): Polled<T> {
  const { pauseWhenHidden = false } = options;
  const [state, setState] = useState<State<T>>({ loading: true });
  const intervalMs =
    typeof options.intervalMs === 'function'
      ? options.intervalMs(state.value)
      : options.intervalMs;
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const id = ++latest.current;
    setState(s => (s.loading ? s : { ...s, loading: true }));
    try {
      const value = await loadRef.current();
      if (id === latest.current) {
        setState({ value, loading: false, loadedAt: Date.now() });
      }
    } catch (e) {
      if (id === latest.current) {
        setState(s => ({ ...s, error: e as Error, loading: false }));
      }
    }
  }, []);
  // An answer to a question no longer asked (deps changed, unmounted) is not shown.
  const dropPending = useCallback(() => {
    latest.current++;
  }, []);

  useEffect(() => {
    run();
    return dropPending;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    if (!intervalMs) return undefined;
    let due = false;
    const tick = () => {
      if (pauseWhenHidden && hidden()) {
        due = true;
        return;
      }
      run();
    };
    const onVisibility = () => {
      if (due && !hidden()) {
        due = false;
        run();
      }
    };
    const timer = setInterval(tick, intervalMs);
    if (pauseWhenHidden) {
      document.addEventListener('visibilitychange', onVisibility);
    }
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [run, intervalMs, pauseWhenHidden]);

  return { ...state, reload: run };
}
