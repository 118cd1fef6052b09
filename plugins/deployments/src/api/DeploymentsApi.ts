import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DeploymentsBoard,
  DeploymentsBoardQuery,
} from '@internal/plugin-deployments-common';

/** Reads the deployments board from the deployments backend. @public */
export interface DeploymentsApi {
  getBoard(query?: DeploymentsBoardQuery): Promise<DeploymentsBoard>;
}

/** @public */
export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments.service',
  pluginId: 'deployments',
});
