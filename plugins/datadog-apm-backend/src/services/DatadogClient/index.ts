export * from './createDatadogClient';
export * from './sites';
export * from './errors';
