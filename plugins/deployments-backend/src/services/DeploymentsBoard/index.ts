export { createDeploymentsBoard } from './createDeploymentsBoard';
export { filterBoard } from './boardIndex';
export type * from './types';
