export * from './tables';
export * from './sourceStatus';
