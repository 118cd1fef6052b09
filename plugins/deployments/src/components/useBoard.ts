import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DeploymentsBoard,
  DeploymentsBoardQuery,
} from '@internal/plugin-deployments-common';
import { deploymentsApiRef } from '../api';

/**
 * Loads the board and reloads it every `refreshSeconds` (the backend's period, 30 s unless
 * configured). A failed reload keeps the last board and reports the error.
 */
export function useBoard(query: DeploymentsBoardQuery = {}) {
  const api = useApi(deploymentsApiRef);
  const [board, setBoard] = useState<DeploymentsBoard>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [loadedAt, setLoadedAt] = useState<number>();
  const key = JSON.stringify(query);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const id = ++latest.current;
    setLoading(true);
    try {
      const next = await api.getBoard(JSON.parse(key));
      if (id !== latest.current) return;
      setBoard(next);
      setError(undefined);
      setLoadedAt(Date.now());
    } catch (e) {
      if (id === latest.current) setError(e as Error);
    } finally {
      if (id === latest.current) setLoading(false);
    }
  }, [api, key]);

  const refreshSeconds = board?.refreshSeconds ?? 30;
  useEffect(() => {
    load();
    const timer = setInterval(load, refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [load, refreshSeconds]);

  return { board, error, loading, loadedAt, reload: load };
}

/** Re-renders every `ms` so relative times stay current. */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
