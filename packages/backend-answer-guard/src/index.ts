/**
 * Whether a successful upstream answer may replace the data a backend plugin stores.
 *
 * @packageDocumentation
 */

export {
  DEFAULT_ANSWER_GUARD_POLICY,
  heldOf,
  judgeAnswer,
  readableTime,
  suspiciousDrop,
} from './judgeAnswer';
export type {
  AnswerGuardPolicy,
  AnswerMemory,
  AnswerVerdict,
  HeldAnswer,
} from './judgeAnswer';
export { createAnswerGuard } from './createAnswerGuard';
export type {
  AnswerGuard,
  AnswerJudgement,
  AnswerToJudge,
} from './createAnswerGuard';
export { ShapelessAnswerError, requireList } from './shape';
export {
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DeadlineExceededError,
  PaginationLimitError,
  RetryAfterTooLongError,
  boundedPages,
  boundedRetryAfter,
  withDeadline,
} from './bounds';
export { readAnswerGuardPolicy } from './readAnswerGuardPolicy';
