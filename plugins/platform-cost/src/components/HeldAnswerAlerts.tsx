import { HeldAnswer } from '@internal/plugin-platform-cost-common';
import { SourceProblemBanner, formatUtc } from '@internal/pier-react';

/**
 * Answers that succeeded but were not stored (no nodes, or far fewer than the last stored answer):
 * what answered, what it said, since when, and that the figures stop at the last stored answer.
 */
export function HeldAnswerAlerts(props: { held?: HeldAnswer[] }) {
  return (
    <>
      {(props.held ?? []).map(h => (
        <SourceProblemBanner
          key={`${h.source} ${h.unit}`}
          held
          testId="held-answer"
          source={h.source}
          problem={`answered ${h.count} ${h.unit} (had ${
            h.acceptedCount
          } on ${formatUtc(h.acceptedAt)})`}
          since={h.since}
          lastGoodAt={h.acceptedAt}
        >
          It was not stored: figures{h.cluster ? ` for ${h.cluster}` : ''} stop
          at the last stored answer. If the next run answers the same, it is
          taken as real (a consolidation, a scale-down) and stored; if it
          answers as before, this goes away.
        </SourceProblemBanner>
      ))}
    </>
  );
}
