export { createArgoCdClient } from './createArgoCdClient';
export type * from './types';
