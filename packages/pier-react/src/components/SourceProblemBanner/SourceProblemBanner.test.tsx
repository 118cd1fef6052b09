import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { SourceProblemBanner } from './SourceProblemBanner';

const now = Date.parse('2026-11-26T12:05:00Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('SourceProblemBanner', () => {
  afterEach(() => jest.useRealTimers());

  it('says what was not read, since when, why, and how old the data shown is', async () => {
    await renderInTestApp(
      <SourceProblemBanner
        source="prod Argo CD"
        problem="HTTP 503 from https://argocd.prod/api/v1/applications."
        since={minutesAgo(3)}
        lastGoodAt={minutesAgo(5)}
        now={now}
      >
        It is retried every 30 s.
      </SourceProblemBanner>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Error: prod Argo CD not read since 12:02 UTC: HTTP 503 from https://argocd.prod/api/v1/applications; showing data last read 5 min ago.',
    );
    expect(screen.getByText('It is retried every 30 s.')).toBeVisible();
  });

  it('calls a held answer a warning waiting for confirmation, not a failure', async () => {
    await renderInTestApp(
      <SourceProblemBanner
        held
        source="nonprod Kubernetes replica counts"
        problem="answered 2 deployments (had 20)"
        since={minutesAgo(1)}
        lastGoodAt={minutesAgo(1)}
        now={now}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Warning: nonprod Kubernetes replica counts answer held since 12:04 UTC, waiting for confirmation by the next read: answered 2 deployments (had 20); showing data last read 1 min ago.',
    );
    expect(screen.queryByText(/not read/)).toBeNull();
  });

  it('dates a problem older than today, and says when nothing was ever read', async () => {
    await renderInTestApp(
      <SourceProblemBanner
        source="Datadog SLOs"
        problem="HTTP 403"
        since="2026-11-25T23:10:00Z"
        now={now}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Datadog SLOs not read since 2026-11-25 23:10 UTC: HTTP 403; no data has been read from it yet.',
    );
  });

  it('keeps the age of the data shown current without a page clock', async () => {
    jest.useFakeTimers({ now });
    await renderInTestApp(
      <SourceProblemBanner
        source="Datadog metrics"
        problem="HTTP 429"
        lastGoodAt={minutesAgo(1)}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'showing data last read 1 min ago.',
    );
    act(() => {
      jest.advanceTimersByTime(2 * 60_000);
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'showing data last read 3 min ago.',
    );
  });
});
