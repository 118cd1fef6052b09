export * from './createDatadogApm';
