export * from './createRunningImageReader';
