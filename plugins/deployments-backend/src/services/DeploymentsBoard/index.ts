export { createDeploymentsBoard, filterBoard } from './createDeploymentsBoard';
export type * from './types';
