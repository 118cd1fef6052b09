export * from './contracts';
export * from './shape';
export * from './replay';
