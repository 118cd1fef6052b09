import { mockCredentials } from '@backstage/backend-test-utils';
import { createEntityVisibility } from '@internal/backend-access-guard';
import { CostDashboard } from '@internal/plugin-platform-cost-common';
import { createCallerDashboards } from './createCallerDashboards';

/** A stored dashboard with two services of two teams; `version` changes what is stored. */
function storedReports() {
  const state = { version: 1, bodyReads: 0 };
  const dashboardOf = (v: number) =>
    ({
      version: v,
      teams: [{ team: 'team-a' }, { team: 'team-b' }],
      services: [
        { entityRef: 'component:default/a', team: 'team-a', monthly: v },
        { entityRef: 'component:default/secret', team: 'team-b' },
        { team: 'idle' },
      ],
    } as unknown as CostDashboard);
  return {
    state,
    reports: {
      storedDashboardVersion: async () => `2026-12-06|${state.version}`,
      storedDashboard: async () => {
        state.bodyReads++;
        return JSON.stringify(dashboardOf(state.version));
      },
      dashboard: async () => {
        throw new Error('computed although one is stored');
      },
    },
  };
}

/** ana may not read component:default/secret; everyone else reads everything. */
const catalog = {
  async getEntitiesByRefs(
    request: { entityRefs: string[] },
    options: { credentials: any },
  ) {
    const ana =
      options.credentials.principal.userEntityRef === 'user:default/ana';
    return {
      items: request.entityRefs.map(ref =>
        ana && ref === 'component:default/secret' ? undefined : {},
      ),
    };
  },
};

const ana = mockCredentials.user('user:default/ana');
const grace = mockCredentials.user('user:default/grace');
const query = { cluster: 'all', days: 30 };

describe('createCallerDashboards', () => {
  it('sends each caller only the services they may read, and the stored body is read once per version', async () => {
    const { state, reports } = storedReports();
    const dashboards = createCallerDashboards({
      reports,
      visibility: createEntityVisibility({ catalog }),
    });
    const read = async (credentials: typeof ana) =>
      JSON.parse(
        (await dashboards.dashboardBody(query, credentials)).json.toString(),
      ) as CostDashboard;

    const forGrace = await read(grace);
    const forAna = await read(ana);
    expect(forGrace.services.map(s => s.entityRef)).toEqual([
      'component:default/a',
      'component:default/secret',
      undefined,
    ]);
    expect(forAna.services.map(s => s.entityRef)).toEqual([
      'component:default/a',
      undefined,
    ]);
    expect(forAna.teams.map(t => t.team)).toEqual(['team-a']);
    for (let i = 0; i < 20; i++) await read(i % 2 ? ana : grace);
    expect(state.bodyReads).toBe(1);

    // a new snapshot stored: read again, and everyone sees the new numbers
    state.version = 2;
    expect((await read(grace)).services[0].monthly).toBe(2);
    expect((await read(ana)).services[0].monthly).toBe(2);
    expect(state.bodyReads).toBe(2);
  });

  it('gives the same bytes to callers who may see the same services', async () => {
    const { reports } = storedReports();
    const dashboards = createCallerDashboards({
      reports,
      visibility: createEntityVisibility({ catalog }),
    });
    const ivan = mockCredentials.user('user:default/ivan');
    const a = await dashboards.dashboardBody(query, grace);
    const b = await dashboards.dashboardBody(query, ivan);
    const c = await dashboards.dashboardBody(query, ana);
    expect(b).toBe(a);
    expect(c.etag).not.toBe(a.etag);
  });
});
