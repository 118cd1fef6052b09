import { HeldAnswer } from '@internal/plugin-platform-cost-common';
import Alert from '@material-ui/lab/Alert';

const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * Answers that succeeded but were not stored (no nodes, or far fewer than the last stored answer):
 * what answered, what it said, since when, and that the figures stop at the last stored answer.
 */
export function HeldAnswerAlerts(props: { held?: HeldAnswer[] }) {
  return (
    <>
      {(props.held ?? []).map(h => (
        <Alert
          key={`${h.source} ${h.unit}`}
          severity="warning"
          style={{ marginBottom: 8 }}
          data-testid="held-answer"
        >
          <b>Waiting for confirmation since {when(h.since)}:</b> {h.source}{' '}
          answered {h.count} {h.unit} (had {h.acceptedCount} on{' '}
          {when(h.acceptedAt)}). It was not stored: figures
          {h.cluster ? ` for ${h.cluster}` : ''} stop at the last stored answer.
          If the next run answers the same, it is taken as real (a
          consolidation, a scale-down) and stored; if it answers as before, this
          goes away.
        </Alert>
      ))}
    </>
  );
}
