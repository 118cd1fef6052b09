import { v1 } from '@datadog/datadog-api-client';
import { Contract, loadContracts, undocumentedShape } from '../contracts';
import { SIM_DATADOG_API_KEY, SIM_DATADOG_APP_KEY } from '../credentials';
import { datadogConfig } from '../__testUtils__/clients';
import {
  LEGACY_DATADOG_SERVICE_INDEX,
  UNINDEXED_SLO_SERVICE_INDEX,
  prodAgentUpgradeAt,
} from '../scenario/datadog';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

/*
 * The simulated Datadog against Datadog's documented and recorded answers
 * (contracts/datadog): every field and JSON type it sends must appear in a documented body of
 * the same endpoint, and the real variants (null points, aggr null, answers without
 * query_index, monitors in "No Data", SLOs without status) are there in the default scenario.
 */

const contracts = loadContracts('datadog');
const endpoint = (c: Contract) => c.request.path.split('?')[0];
const documented = (path: string) => {
  const of = contracts.filter(c => endpoint(c) === path);
  return {
    bodies: of.map(c => c.body),
    maps: [...new Set(of.flatMap(c => c.maps ?? []))],
  };
};

describe('simulated Datadog within the documented shapes', () => {
  let sim: PlatformSim;
  const get = async (path: string) => {
    const res = await fetch(`${sim.urls.datadog}${path}`, {
      headers: {
        'DD-API-KEY': SIM_DATADOG_API_KEY,
        'DD-APPLICATION-KEY': SIM_DATADOG_APP_KEY,
      },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
  });
  afterAll(() => sim.stop());

  const shapeOk = (path: string, body: unknown) => {
    const { bodies, maps } = documented(path);
    expect(bodies.length).toBeGreaterThan(0);
    expect(undocumentedShape(bodies, body, maps)).toEqual([]);
  };

  it('metric query answers, current and older form, with null points and aggr null', async () => {
    const now = Math.floor(sim.scenario.now / 1000);
    const upgrade = prodAgentUpgradeAt(sim.scenario) / 1000;
    for (const index of [0, LEGACY_DATADOG_SERVICE_INDEX]) {
      const s = sim.scenario.services[index];
      const q = (query: string) =>
        get(
          `/api/v1/query?from=${
            upgrade - 3600
          }&to=${now}&query=${encodeURIComponent(query)}`,
        );
      const answer = await q(
        [
          `sum:trace.${s.operation}.hits{service:${s.name}} by {env,kube_cluster_name,version}.as_count()`,
          `p95:trace.${s.operation}{service:${s.name}} by {env}`,
          `trace.${s.operation}.apdex{service:${s.name},env:prod}`,
        ].join(','),
      );
      shapeOk('/api/v1/query', answer);
      const legacy = index === LEGACY_DATADOG_SERVICE_INDEX;
      for (const series of answer.series) {
        expect('query_index' in series).toBe(!legacy);
        expect('tag_set' in series).toBe(!legacy);
      }
      // the prod agent upgrade: a null point in every prod series
      const prodSeries = answer.series.filter((x: any) =>
        x.scope.includes('env:prod'),
      );
      expect(prodSeries.length).toBeGreaterThan(0);
      for (const series of prodSeries) {
        expect(series.pointlist).toContainEqual([upgrade * 1000, null]);
      }
      // no space aggregator in the query: Datadog answers aggr null
      const apdex = answer.series.find((x: any) => x.metric.endsWith('.apdex'));
      expect(apdex.aggr).toBeNull();
      expect(apdex.expression).toBe(
        `trace.${s.operation}.apdex{env:prod,service:${s.name}}`,
      );
    }
  });

  it('monitor lists, with a monitor in "No Data"', async () => {
    const s = sim.scenario.services[LEGACY_DATADOG_SERVICE_INDEX];
    const monitors = await get(
      `/api/v1/monitor?monitor_tags=${encodeURIComponent(`service:${s.name}`)}`,
    );
    shapeOk('/api/v1/monitor', monitors);
    expect(monitors.map((m: any) => m.overall_state)).toContain('No Data');
    shapeOk('/api/v1/monitor', await get('/api/v1/monitor'));
  });

  it('SLO searches, with SLOs in no_data and without any status', async () => {
    for (const index of [
      0,
      LEGACY_DATADOG_SERVICE_INDEX,
      UNINDEXED_SLO_SERVICE_INDEX,
    ]) {
      const s = sim.scenario.services[index];
      const answer = await get(
        `/api/v1/slo/search?query=${encodeURIComponent(`service:${s.name}`)}`,
      );
      shapeOk('/api/v1/slo/search', answer);
    }
    const fresh = sim.scenario.services[UNINDEXED_SLO_SERVICE_INDEX];
    const found = await new v1.ServiceLevelObjectivesApi(
      datadogConfig(sim.urls.datadog),
    ).searchSLO({ query: `service:${fresh.name}` });
    const unindexed = found.data!.attributes!.slos!.find(
      x => x.data!.attributes!.name === `${fresh.name} latency`,
    )!.data!.attributes!;
    expect(unindexed.overallStatus).toBeUndefined();
    expect(unindexed.status).toBeUndefined();
  });
});
