export { useNow } from './useNow';
export { usePolling, type Polled, type PollingOptions } from './usePolling';
