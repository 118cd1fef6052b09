export * from './createClusterReader';
export * from './types';
export * from './quantity';
