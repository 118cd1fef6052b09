export { deploymentsApiRef } from './DeploymentsApi';
export type { DeploymentsApi } from './DeploymentsApi';
export { DeploymentsClient } from './DeploymentsClient';
