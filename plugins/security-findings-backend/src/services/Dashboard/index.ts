export * from './createFindingsQueries';
