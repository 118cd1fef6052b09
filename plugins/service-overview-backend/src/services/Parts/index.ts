export * from './readPart';
