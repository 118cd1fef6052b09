import { v1 } from '@datadog/datadog-api-client';
import { matchSeries, seriesTags } from './matchSeries';

const series = (s: Partial<v1.MetricsQueryMetadata>) =>
  s as v1.MetricsQueryMetadata;

const QUERIES = [
  'sum:trace.http.request.hits{service:a} by {env}.as_count()',
  'p50:trace.http.request{service:a} by {env}',
  'p95:trace.http.request{service:a} by {env}',
  'sum:trace.http.request.hits{service:a} by {env,version}.as_count()',
];

describe('matchSeries', () => {
  it('takes query_index when Datadog sends it', () => {
    expect(
      matchSeries(QUERIES, [
        series({ queryIndex: 2, metric: 'anything' }),
        series({ queryIndex: 0 }),
      ]),
    ).toEqual([2, 0]);
  });

  it('matches older answers (no query_index, no tag_set) by expression and scope', () => {
    const found = matchSeries(QUERIES, [
      series({
        metric: 'trace.http.request',
        scope: 'env:prod,service:a',
        expression: 'p95:trace.http.request{env:prod,service:a}',
        aggr: null as any,
      }),
      series({
        metric: 'trace.http.request.hits',
        scope: 'env:prod,service:a,version:1.2.0',
        expression:
          'sum:trace.http.request.hits{env:prod,service:a,version:1.2.0}.as_count()',
      }),
      series({
        metric: 'trace.http.request.hits',
        scope: 'env:nonprod,service:a',
        expression:
          'sum:trace.http.request.hits{env:nonprod,service:a}.as_count()',
      }),
      series({
        metric: 'trace.http.request',
        scope: 'env:prod,service:a',
        expression: 'p50:trace.http.request{env:prod,service:a}',
      }),
    ]);
    expect(found).toEqual([2, 3, 0, 1]);
  });

  it('uses metric, aggr and tag_set when there is no expression', () => {
    expect(
      matchSeries(QUERIES, [
        series({
          metric: 'trace.http.request',
          aggr: 'p95',
          scope: 'env:prod,service:a',
          tagSet: ['env:prod'],
        }),
      ]),
    ).toEqual([2]);
  });

  it('leaves out a series it cannot tell apart or that answers no query', () => {
    expect(
      matchSeries(QUERIES, [
        // p50 or p95? neither expression nor aggr says
        series({ metric: 'trace.http.request', scope: 'env:prod,service:a' }),
        // another service
        series({
          metric: 'trace.http.request.hits',
          scope: 'env:prod,service:b',
          expression:
            'sum:trace.http.request.hits{env:prod,service:b}.as_count()',
        }),
      ]),
    ).toEqual([-1, -1]);
  });

  it('reads a series tags from scope and tag_set', () => {
    expect(
      seriesTags(
        series({ scope: 'env:prod,service:a', tagSet: ['version:1.0.0'] }),
      ),
    ).toEqual({ env: 'prod', service: 'a', version: '1.0.0' });
    expect(seriesTags(series({ scope: '*', tagSet: [] }))).toEqual({});
  });
});
