export {
  ArgoCdAnswerError,
  createArgoCdClient,
  retryAfterSeconds,
  MAX_RETRY_AFTER_SECONDS,
} from './createArgoCdClient';
export type * from './types';
