export * from './createAwsFindingsReader';
export * from './types';
