export * from './createRequestCounter';
