import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import { KubernetesGet } from '@internal/backend-kubernetes-proxy';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_ARGOCD_TOKEN,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { createExplanations, ExplanationsService } from './createExplanations';
import { ArgoAppGet, createClusterStateReader } from './readClusterState';

function memoryCache() {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('service-overview');
}

/**
 * The readers as the backend builds them, with only the Kubernetes backend's proxy and the Argo CD
 * backend taken out of the path: the same GETs go straight to platform-sim's API servers.
 */
function simKubernetes(sim: PlatformSim, calls: string[]): KubernetesGet {
  return async (cluster, path, options) => {
    calls.push(`${cluster} ${path}`);
    const res = await fetch(
      `${sim.urls.kubernetes[cluster as 'prod' | 'nonprod']}${path}`,
      { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return options?.text ? res.text() : res.json();
  };
}

function simArgo(sim: PlatformSim): ArgoAppGet {
  return async (cluster, app) => {
    const res = await fetch(
      `${
        sim.urls.argocd[cluster as 'prod' | 'nonprod']
      }/api/v1/applications/${app.name}`,
      { headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` } },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  };
}

describe('explanations of a service in a cluster, read from platform-sim', () => {
  let sim: PlatformSim;
  let explanations: ExplanationsService;
  const calls: string[] = [];

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    explanations = createExplanations({
      readState: createClusterStateReader({
        kubernetes: simKubernetes(sim, calls),
        argoApp: simArgo(sim),
      }),
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      cacheSeconds: 60,
    });
  });
  afterAll(() => sim?.stop());

  /** Every service × cluster the scenario runs with a failure, with its entity's annotations. */
  function failing() {
    const entities = deriveCatalogEntities(sim.scenario);
    return sim.scenario.services.flatMap(service =>
      (['prod', 'nonprod'] as const)
        .filter(c => service.deployments[c].failure)
        .map(cluster => {
          const a = entities.find(e => e.metadata.name === service.name)!
            .metadata.annotations!;
          return {
            failure: service.deployments[cluster].failure!,
            request: {
              target: {
                service: service.name,
                cluster,
                kubernetesId: a['backstage.io/kubernetes-id'],
                namespace: a['backstage.io/kubernetes-namespace'],
              },
              app: { name: `${service.name}-${cluster}` },
            },
          };
        }),
    );
  }

  it('explains every failure the scenario runs, and nothing where the state is fine', async () => {
    const seen: Record<string, string[]> = {};
    for (const { failure, request } of failing()) {
      const found = await explanations.explain(request);
      expect(found.problem).toBeUndefined();
      seen[failure] = found.explanations.map(e => e.id);
    }
    expect(seen).toEqual({
      'arch-mismatch': ['image-arch-mismatch'],
      'crash-loop': ['crash-loop'],
      'oom-killed': ['oom-killed'],
      'image-not-found': ['image-not-found'],
      'image-unauthorized': ['image-pull-unauthorized'],
      'secret-sync-error': ['external-secret-not-synced'],
      'certificate-not-ready': ['certificate-not-ready'],
      'sidecar-missing': ['istio-sidecar-missing'],
      'sync-failed': ['argocd-sync-failed'],
      'hook-failed': ['argocd-hook-failed'],
      'progress-deadline': ['progress-deadline-exceeded'],
      'pdb-blocking': ['pdb-blocks-consolidation'],
      // a rollout minutes old and a commit waiting for a manual sync need no explanation
      progressing: [],
      'out-of-sync': [],
    });
  });

  it('reads the log only of pods in trouble, and quotes the crashing one', async () => {
    const crash = failing().find(f => f.failure === 'crash-loop')!;
    calls.length = 0;
    const { explanations: found } = await createExplanations({
      readState: createClusterStateReader({
        kubernetes: simKubernetes(sim, calls),
        argoApp: simArgo(sim),
      }),
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      cacheSeconds: 60,
    }).explain(crash.request);
    expect(found[0].cause).toMatch(/Its last log line: .+/);
    const logReads = calls.filter(c => c.includes('/log?'));
    const pods = await (
      await fetch(
        `${sim.urls.kubernetes[crash.request.target.cluster]}/api/v1/namespaces/${crash.request.target.namespace}/pods?labelSelector=${encodeURIComponent(
          `backstage.io/kubernetes-id=${crash.request.target.kubernetesId}`,
        )}`,
        { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
      )
    ).json();
    const healthy = pods.items.filter((p: any) =>
      p.status.containerStatuses.every(
        (c: any) => c.ready && !c.restartCount && !c.state.waiting,
      ),
    );
    expect(healthy.length).toBeGreaterThan(0);
    expect(logReads.length).toBe(pods.items.length - healthy.length);
  });

  it('keeps the last good explanations when the cluster cannot be read, and says since when', async () => {
    const entities = deriveCatalogEntities(sim.scenario);
    const service = sim.scenario.services.find(
      s => s.deployments.prod.failure === 'arch-mismatch',
    )!;
    const a = entities.find(e => e.metadata.name === service.name)!.metadata
      .annotations!;
    let down = false;
    const kubernetes = simKubernetes(sim, []);
    const flaky = createExplanations({
      readState: createClusterStateReader({
        kubernetes: async (cluster, path, options) => {
          if (down) throw new Error('connect ECONNREFUSED 10.0.0.1:443');
          return kubernetes(cluster, path, options);
        },
        argoApp: simArgo(sim),
      }),
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      cacheSeconds: 0.001,
    });
    const request = {
      target: {
        service: service.name,
        cluster: 'prod',
        kubernetesId: a['backstage.io/kubernetes-id'],
        namespace: a['backstage.io/kubernetes-namespace'],
      },
      app: { name: `${service.name}-prod` },
    };
    const good = await flaky.explain(request);
    expect(good.explanations.map(e => e.id)).toEqual(['image-arch-mismatch']);

    down = true;
    await new Promise(r => setTimeout(r, 5));
    const stale = await flaky.explain(request);
    expect(stale.explanations).toEqual(good.explanations);
    expect(stale.problem).toMatch(
      /^prod Kubernetes and Argo CD state not read since \d\d:\d\d UTC: connect ECONNREFUSED/,
    );
    expect(stale.unread).toBeUndefined();
  });

  it('fails the read on a list answered without items: no answer is not "nothing wrong"', async () => {
    const service = sim.scenario.services.find(
      s => s.deployments.nonprod.failure === 'crash-loop',
    )!;
    const shapeless = createExplanations({
      readState: createClusterStateReader({
        kubernetes: async () => ({ kind: 'Status' }),
        argoApp: simArgo(sim),
      }),
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      cacheSeconds: 60,
    });
    const found = await shapeless.explain({
      target: {
        service: service.name,
        cluster: 'nonprod',
        kubernetesId: service.name,
        namespace: service.team.namespace,
      },
      app: { name: `${service.name}-nonprod` },
    });
    expect(found.explanations).toEqual([]);
    expect(found.unread).toBe(true);
    expect(found.problem).toContain('answer has no items list');
  });
});
