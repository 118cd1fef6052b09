export * from './createFindingsStore';
