import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApmRange } from '@internal/plugin-datadog-apm-common';
import { apmFixture, entityFixture } from '../__fixtures__/entityDatadog';
import { EntityDatadogView } from './EntityDatadog';

const view = (props: Partial<Parameters<typeof EntityDatadogView>[0]>) =>
  renderInTestApp(
    <EntityDatadogView
      variant="content"
      range="24h"
      onRangeChange={() => {}}
      {...props}
    />,
  );

describe('EntityDatadogView', () => {
  it('shows a progress bar while loading', async () => {
    await view({ loading: true });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows per-env values against the previous period, versions, monitors, SLOs and links', async () => {
    const ranges: ApmRange[] = [];
    await view({ data: entityFixture, onRangeChange: r => ranges.push(r) });
    expect(
      within(screen.getByRole('table', { name: 'Summary per env' }))
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'env / cluster',
      'Requests/s',
      'Error rate',
      'Latency p50',
      'Latency p95',
      'Latency p99',
      'Apdex',
    ]);
    const row = within(screen.getByTestId('datadog-env-row'));
    expect(row.getByText('120 req/s')).toBeInTheDocument();
    expect(row.getByText('+20 % vs previous period')).toBeInTheDocument();
    expect(row.getByText('1.20 %')).toBeInTheDocument();
    expect(row.getByText('190 ms')).toBeInTheDocument();
    expect(row.getByText('0.91')).toBeInTheDocument();
    // one chart per statistic of prod
    for (const stat of [
      'requests',
      'errorRate',
      'p50',
      'p95',
      'p99',
      'apdex',
    ]) {
      expect(
        screen.getByTestId(`datadog-chart-prod-${stat}`),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByText(/No APM data for service payments-api in env nonprod/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('datadog-last-deploy')).toHaveTextContent(
      'Last deploy: 1.13.2 to prod (was 1.13.1) at 2026-11-25 14:00 UTC',
    );
    const versions = screen.getAllByTestId('datadog-version-row');
    expect(versions[0]).toHaveTextContent('1.13.2');
    expect(versions[0]).toHaveTextContent('deployed 2026-11-25 14:00 UTC');
    expect(versions[1]).toHaveTextContent(
      'serving since before 2026-11-25 09:00 UTC',
    );
    const monitors = screen.getAllByTestId('datadog-monitor-row');
    expect(monitors[0]).toHaveTextContent('Alert');
    expect(
      within(monitors[0]).getByRole('link', { name: /p95 latency/ }),
    ).toHaveAttribute('href', 'https://app.datadoghq.com/monitors/100002');
    const slo = screen.getByTestId('datadog-slo-row');
    expect(slo).toHaveTextContent('99.95 %');
    expect(slo).toHaveTextContent('99.900 %');
    expect(slo).toHaveTextContent('-100.0 %');
    expect(
      screen.getByRole('link', { name: /Open payments-api in Datadog APM/ }),
    ).toHaveAttribute('href', apmFixture.links.apm);

    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    expect(ranges).toEqual(['7d']);
  });

  it('keeps the Overview card to traffic, errors and p95 with short changes, so it fits a narrow column', async () => {
    await view({ variant: 'card', data: entityFixture });
    const summary = within(
      screen.getByRole('table', { name: 'Summary per env' }),
    );
    expect(
      summary.getAllByRole('columnheader').map(h => h.textContent),
    ).toEqual(['env / cluster', 'Req/s', 'Error rate', 'p95']);
    const row = within(screen.getByTestId('datadog-env-row'));
    // prod in the fixture: 120 vs 100 req/s, 1.2 % vs 0.4 %, 190 vs 120 ms
    expect(row.getByText('+20 %')).toBeInTheDocument();
    expect(row.getByText('+200 %')).toBeInTheDocument();
    expect(row.getByText('+58 %')).toBeInTheDocument();
    expect(row.queryByText(/vs previous period/)).not.toBeInTheDocument();
    expect(row.queryByText('0.91')).not.toBeInTheDocument();
    expect(
      screen.getByText(/against the period before \(changes, dashed lines\)/),
    ).toBeInTheDocument();
    // the card charts requests and p95 of prod only; the tab has the rest
    expect(
      screen.getByTestId('datadog-chart-prod-requests'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('datadog-chart-prod-apdex'),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Versions' })).queryByText(
        'p95 (max)',
      ),
    ).not.toBeInTheDocument();
    expect(screen.getAllByTestId('datadog-version-row')[0]).toHaveTextContent(
      'deployed 2026-11-25 14:00 UTC',
    );
  });

  it('says what to check instead of an empty chart when the service has no data', async () => {
    await view({
      data: {
        entityRef: 'component:default/ghost',
        apm: {
          ...apmFixture,
          service: 'ghost',
          metrics: {
            data: {
              operation: '',
              envs: [],
              quietEnvs: [],
              versions: [],
              deploys: [],
              noData:
                'No APM data for service ghost in env any env in the last 7 days: check the datadoghq.com/service-name annotation and the DD_SERVICE / DD_ENV tags of the service.',
            },
          },
          monitors: { data: [] },
          slos: { data: [] },
        },
      },
    });
    expect(
      screen.getByText(/No APM data for service ghost/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId(/datadog-chart/)).not.toBeInTheDocument();
    expect(
      screen.getByText(/No monitors are tagged with this service/),
    ).toBeInTheDocument();
    expect(screen.getByText(/No SLOs are tagged/)).toBeInTheDocument();
  });

  it('marks stale sections with the reason and still shows the last good data', async () => {
    await view({
      data: {
        ...entityFixture,
        apm: {
          ...apmFixture,
          metrics: {
            ...apmFixture.metrics,
            stale: {
              reason:
                'Datadog rate limit reached for query requests; retrying after 2026-11-26T09:01:00.000Z',
              since: '2026-11-26T09:00:30.000Z',
            },
          },
          monitors: {
            ...apmFixture.monitors,
            stale: {
              reason:
                'Datadog answered 0 monitors, 100 % fewer than the last good answer (0 instead of 2)',
              since: '2026-11-26T09:00:40.000Z',
              awaitingConfirmation: true,
            },
          },
          slos: {
            error: 'Datadog did not answer a slo request in time',
            errorSince: '2026-11-26T09:00:50.000Z',
          },
        },
      },
    });
    expect(
      screen.getByText(
        /^Error: Datadog metrics not read since 2026-11-26 09:00 UTC: Datadog rate limit reached for query requests; retrying after .*; showing data last read \d+ d ago\.$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Warning: Datadog monitors answer held since 2026-11-26 09:00 UTC, waiting for confirmation by the next read: Datadog answered 0 monitors/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/until a second answer confirms the change/),
    ).toBeInTheDocument();
    expect(screen.getByText(/rate limit reached/)).toBeInTheDocument();
    expect(screen.getByTestId('datadog-env-row')).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Error: Datadog SLOs not read since 2026-11-26 09:00 UTC: Datadog did not answer a slo request in time; no data has been read from it yet\.$/,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('datadog-monitor-row')).toHaveLength(2);
  });

  it('shows one configuration error for wrong keys', async () => {
    await view({
      data: {
        entityRef: 'component:default/payments-api',
        apm: {
          ...apmFixture,
          configurationError:
            'Datadog rejected the configured keys (HTTP 403): check datadog.apiKey and datadog.appKey',
          metrics: {},
          monitors: {},
          slos: {},
        },
      },
    });
    expect(
      screen.getAllByText(/Datadog is not configured correctly/),
    ).toHaveLength(1);
    expect(
      screen.getByText(/Datadog rejected the configured keys/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Monitors')).not.toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await view({
      error: new Error('Request failed with 503 Service Unavailable'),
    });
    expect(screen.getByText(/Could not load Datadog data/)).toBeInTheDocument();
  });

  it('embeds the Roadie dashboard and graphs for an entity with only those annotations', async () => {
    await view({
      data: {
        entityRef: 'component:default/legacy',
        embeds: {
          dashboardUrl: 'https://p.datadoghq.eu/sb/abc-123',
          graphs: [
            {
              token: 'tok123456789',
              url: 'https://p.datadoghq.eu/graph/embed?token=tok123456789&height=300&width=600&legend=true',
              width: 600,
              height: 300,
            },
          ],
        },
      },
    });
    expect(screen.getByTitle('Datadog dashboard')).toHaveAttribute(
      'src',
      'https://p.datadoghq.eu/sb/abc-123',
    );
    expect(screen.getByTitle('Datadog graph tok12345')).toHaveAttribute(
      'src',
      expect.stringContaining('token=tok123456789'),
    );
    expect(
      screen.queryByRole('button', { name: 'Last 7 days' }),
    ).not.toBeInTheDocument();
  });

  it('marks gaps, monitors without data and SLOs whose status Datadog has not computed', async () => {
    const prod = apmFixture.metrics.data!.envs[0];
    const requests = prod.current.requests.map((p, i) =>
      i === 3 || i === 4 ? { ...p, v: null } : p,
    );
    await view({
      data: {
        ...entityFixture,
        apm: {
          ...apmFixture,
          metrics: {
            ...apmFixture.metrics,
            data: {
              ...apmFixture.metrics.data!,
              envs: [{ ...prod, current: { ...prod.current, requests } }],
            },
          },
          monitors: {
            data: [
              {
                id: 7,
                name: '[payments-api] Error rate (staging)',
                state: 'No Data',
                url: 'https://app.datadoghq.com/monitors/7',
              },
            ],
          },
          slos: {
            data: [
              {
                id: 'a',
                name: 'payments-api availability (staging)',
                timeframe: '7d',
                target: 99,
                state: 'no_data',
                url: 'https://app.datadoghq.com/slo?slo_id=a',
              },
              {
                id: 'b',
                name: 'payments-api latency',
                timeframe: '7d',
                target: 99,
                url: 'https://app.datadoghq.com/slo?slo_id=b',
              },
            ],
          },
        },
      },
    });
    expect(screen.getByTestId('datadog-gaps-prod-requests')).toHaveTextContent(
      '2 gaps without data',
    );
    expect(screen.getByTestId('datadog-monitor-row')).toHaveTextContent(
      'No Data',
    );
    expect(screen.getByTestId('datadog-monitors-no-data')).toHaveTextContent(
      /1 monitor has no data/,
    );
    const [noData, unknown] = screen.getAllByTestId('datadog-slo-row');
    expect(noData).toHaveTextContent('no data');
    expect(noData).not.toHaveTextContent('OK');
    expect(unknown).toHaveTextContent('status unknown');
    expect(unknown).not.toHaveTextContent(/\d+\.\d{3} %/);
  });
});
