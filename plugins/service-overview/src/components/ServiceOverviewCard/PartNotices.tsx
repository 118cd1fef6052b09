import { OverviewPartStatus } from '@internal/plugin-service-overview-common';
import Alert from '@material-ui/lab/Alert';

export const PART_NAMES: Record<OverviewPartStatus['part'], string> = {
  deployments: 'Deployments',
  explanations: 'Explanations',
  security: 'Security',
  apm: 'Datadog APM',
  cost: 'Cost',
};

const SEVERITY = {
  stale: 'warning',
  unavailable: 'error',
  denied: 'info',
  'not-applicable': 'info',
} as const;

const PREFIX = {
  stale: 'showing the last good data:',
  unavailable: 'not shown:',
  denied: 'not shown to you:',
  'not-applicable': '',
} as const;

/** One line per part that is not plainly there: stale, failed, refused, or not set up. */
export function PartNotices(props: { parts: OverviewPartStatus[] }) {
  const notices = props.parts.filter(p => p.state !== 'ok');
  return (
    <>
      {notices.map(p => {
        const state = p.state as Exclude<OverviewPartStatus['state'], 'ok'>;
        return (
          <Alert
            key={p.part}
            severity={SEVERITY[state]}
            style={{ marginBottom: 8 }}
            data-testid={`overview-part-${p.part}`}
          >
            <b>{PART_NAMES[p.part]}</b> {PREFIX[state]} {p.message}
          </Alert>
        );
      })}
    </>
  );
}
