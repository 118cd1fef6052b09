import { useApi } from '@backstage/frontend-plugin-api';
import { DeploymentsBoardQuery } from '@internal/plugin-deployments-common';
import { usePolling } from '@internal/pier-react';
import { deploymentsApiRef } from '../api';

/**
 * Loads the board and reloads it every `refreshSeconds` (the backend's period, 30 s unless
 * configured). A failed reload keeps the last board and reports the error.
 */
export function useBoard(query: DeploymentsBoardQuery = {}) {
  const api = useApi(deploymentsApiRef);
  const key = JSON.stringify(query);
  const { value, ...rest } = usePolling(
    () => api.getBoard(JSON.parse(key)),
    [api, key],
    { intervalMs: board => (board?.refreshSeconds ?? 30) * 1000 },
  );
  return { board: value, ...rest };
}
