import { ReactNode } from 'react';
import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ageOf, formatClock, TimeLike } from '../../format/time';
import { useNow } from '../../hooks/useNow';

/** @public */
export interface SourceProblem {
  /** What could not be read, as the page names it: `prod Argo CD`, `Datadog monitors`. */
  source: string;
  /** What went wrong, as the backend reported it. */
  problem?: string;
  /** When the current run of failed or held answers began. */
  since?: TimeLike;
  /** When the data still shown was read; none when nothing was ever read. */
  lastGoodAt?: TimeLike;
  /**
   * The source answered, but the answer is held until the next read confirms it (a sudden large
   * drop): a warning, not an error.
   */
  held?: boolean;
}

/**
 * The banner's one sentence: what failed, since when, why, and how old the data shown instead is.
 * "prod Argo CD not read since 12:03 UTC: HTTP 503; showing data last read 5 min ago."
 *
 * @public
 */
export function sourceProblemTitle(p: SourceProblem, now: number): string {
  const since = p.since ? ` since ${formatClock(p.since, now)}` : '';
  const state = p.held
    ? `answer held${since}, waiting for confirmation by the next read`
    : `not read${since}`;
  const reason = (p.problem ?? 'unknown error').replace(/[.\s]+$/, '');
  const lastGood = ageOf(p.lastGoodAt, now);
  const shown = lastGood
    ? `showing data last read ${lastGood} ago`
    : 'no data has been read from it yet';
  return `${p.source} ${state}: ${reason}; ${shown}.`;
}

/** @public */
export interface SourceProblemBannerProps extends SourceProblem {
  /** What the reader can do about it, or more on what is shown: under the sentence, expanded. */
  children?: ReactNode;
  /** The current time, when the page keeps one; else the ages update themselves every second. */
  now?: number;
  /** `data-testid` of the banner. */
  testId?: string;
}

/**
 * One source's problem, with the data shown kept: what failed, since when, why, and how old the
 * data shown is. An error when the source was not read; a warning when its answer is held.
 *
 * @public
 */
export function SourceProblemBanner(props: SourceProblemBannerProps) {
  const ticking = useNow(props.now === undefined ? 1000 : 0);
  const { children, now = ticking, testId, ...problem } = props;
  return (
    <Box mb={2} data-testid={testId}>
      <WarningPanel
        severity={problem.held ? 'warning' : 'error'}
        title={sourceProblemTitle(problem, now)}
        message={children}
        defaultExpanded={!!children}
      />
    </Box>
  );
}
