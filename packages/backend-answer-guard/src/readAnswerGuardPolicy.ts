import { Config } from '@backstage/config';
import { AnswerGuardPolicy, DEFAULT_ANSWER_GUARD_POLICY } from './judgeAnswer';

/**
 * The policy under `<section>.suspiciousDrop` (`fraction`, `minPrevious`), defaults filled in; a
 * fraction outside (0, 1] or a negative minimum is a configuration error naming the key.
 *
 * @public
 */
export function readAnswerGuardPolicy(
  section: Config | undefined,
  sectionName: string,
): AnswerGuardPolicy {
  const fraction =
    section?.getOptionalNumber('suspiciousDrop.fraction') ??
    DEFAULT_ANSWER_GUARD_POLICY.fraction;
  const minPrevious =
    section?.getOptionalNumber('suspiciousDrop.minPrevious') ??
    DEFAULT_ANSWER_GUARD_POLICY.minPrevious;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(
      `${sectionName}.suspiciousDrop.fraction must be a share above 0 and at most 1 (0.5: an answer with half as many items or fewer waits for confirmation), got ${fraction}`,
    );
  }
  if (!(minPrevious >= 0)) {
    throw new Error(
      `${sectionName}.suspiciousDrop.minPrevious must be a non-negative number, got ${minPrevious}`,
    );
  }
  return { fraction, minPrevious };
}
