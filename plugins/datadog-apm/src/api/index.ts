export { datadogApmApiRef } from './DatadogApmApi';
export type { DatadogApmApi } from './DatadogApmApi';
export { DatadogApmClient } from './DatadogApmClient';
