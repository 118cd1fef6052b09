// Tests only: the live examples come from the simulator (a node library), never the shipped code.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '@internal/platform-sim';
import { explain } from './explain';
import { Explanation, ExplanationId, ServiceClusterState } from './types';
import { readLiveState } from './__testUtils__/readLiveState';

/** Which failure of platform-sim's scenario is the live example of each explanation. */
const LIVE_EXAMPLE: Record<ExplanationId, string> = {
  'image-arch-mismatch': 'arch-mismatch',
  'image-not-found': 'image-not-found',
  'image-pull-unauthorized': 'image-unauthorized',
  'crash-loop': 'crash-loop',
  'oom-killed': 'oom-killed',
  'external-secret-not-synced': 'secret-sync-error',
  'certificate-not-ready': 'certificate-not-ready',
  'istio-sidecar-missing': 'sidecar-missing',
  'argocd-sync-failed': 'sync-failed',
  'argocd-hook-failed': 'hook-failed',
  'progress-deadline-exceeded': 'progress-deadline',
  'pdb-blocks-consolidation': 'pdb-blocking',
};

/** Cluster states that need no explanation: a rollout minutes old, a commit waiting for a manual sync. */
const NOT_A_PROBLEM = [undefined, 'progressing', 'out-of-sync'];

let sim: PlatformSim;
beforeAll(async () => {
  sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
});
afterAll(() => sim?.stop());

function exampleOf(id: ExplanationId) {
  for (const service of sim.scenario.services) {
    for (const cluster of ['prod', 'nonprod'] as const) {
      if (service.deployments[cluster].failure === LIVE_EXAMPLE[id]) {
        return { service: service.name, cluster };
      }
    }
  }
  throw new Error(`platform-sim has no live example of ${id}`);
}

/** The live example's state, read over HTTP, and what explain() says about it. */
async function explainLive(id: ExplanationId) {
  const { service, cluster } = exampleOf(id);
  const state = await readLiveState(sim, service, cluster);
  const explanations = explain(state);
  expect(explanations.map(e => e.id)).toEqual([id]);
  return { state, explanation: explanations[0] };
}

const pods = (s: ServiceClusterState) => s.kubernetes.pods ?? [];
const statusOf = (s: ServiceClusterState, pred: (c: any) => boolean) =>
  pods(s)
    .flatMap(p => p.status?.containerStatuses ?? [])
    .find(pred);
/** The last log line of the pod whose container is in CrashLoopBackOff. */
const crashingLogLine = (s: ServiceClusterState) => {
  const pod = pods(s).find(p =>
    (p.status?.containerStatuses ?? []).some(
      (c: any) => c.state?.waiting?.reason === 'CrashLoopBackOff',
    ),
  );
  return s.logs?.[pod!.metadata!.name!]?.trim().split('\n').pop();
};

function expectFile(
  e: Explanation,
  repository: 'service' | 'gitops',
  path: RegExp,
) {
  expect(e.file.repository).toBe(repository);
  expect(e.file.path).toMatch(path);
}

/** The GitOps directory the Argo CD application deploys from. */
const gitopsDir = (s: ServiceClusterState) => s.argocd!.spec!.source!.path!;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('explain, on the live examples platform-sim serves', () => {
  it('image-arch-mismatch: names the arm64 node and the runtime error; fix is the multi-arch CI build', async () => {
    const { state, explanation: e } = await explainLive('image-arch-mismatch');
    const node = state.kubernetes.nodes!.find(n =>
      pods(state).some(
        p =>
          p.spec?.nodeName === n.metadata?.name &&
          p.status?.phase === 'Pending',
      ),
    )!;
    expect(e.title).toContain(node.metadata!.labels!['kubernetes.io/arch']);
    expect(e.cause).toContain(node.metadata!.name);
    expect(e.cause).toContain('no match for platform in manifest');
    expect(e.fix.join(' ')).toContain('linux/amd64,linux/arm64');
    expectFile(e, 'service', /^\.github\/workflows\/ci\.yaml$/);
    expect(e.relatedFiles.map(f => f.path)).toContain('Dockerfile');
    expect(e.relatedFiles.map(f => f.path)).toContain(
      `${gitopsDir(state)}/deployment.yaml`,
    );
  });

  it('image-not-found: names the missing tag and quotes the kubelet', async () => {
    const { state, explanation: e } = await explainLive('image-not-found');
    const waiting = statusOf(
      state,
      c => c.state?.waiting?.reason === 'ImagePullBackOff',
    );
    const tag = waiting.image.split(':').pop();
    expect(e.title).toContain(tag);
    expect(e.cause).toContain(`${waiting.image}: not found`);
    expect(e.fix.join(' ')).toContain('aws ecr describe-images');
    expectFile(
      e,
      'gitops',
      new RegExp(`^${escape(gitopsDir(state))}/deployment\\.yaml$`),
    );
    expect(e.file.repositoryUrl).toBe(state.argocd!.spec!.source!.repoURL);
  });

  it('image-pull-unauthorized: names the foreign registry account and the missing credentials', async () => {
    const { state, explanation: e } = await explainLive(
      'image-pull-unauthorized',
    );
    const waiting = statusOf(
      state,
      c => c.state?.waiting?.reason === 'ImagePullBackOff',
    );
    const account = waiting.image.split('.')[0];
    expect(e.cause).toContain(`AWS account ${account}`);
    expect(e.cause).toContain('no basic auth credentials');
    expect(e.fix.join(' ')).toContain('repository policy');
    expectFile(e, 'gitops', /\/deployment\.yaml$/);
  });

  it('crash-loop: quotes the last log line and points at the configuration', async () => {
    const { state, explanation: e } = await explainLive('crash-loop');
    const line = crashingLogLine(state)!;
    expect(line).toBeTruthy();
    expect(e.cause).toContain(`Its last log line: ${line}`);
    expect(e.evidence.map(x => x.text)).toContain(line);
    expect(e.fix.join(' ')).toContain('git revert');
    expectFile(e, 'gitops', /\/deployment\.yaml$/);
  });

  it('oom-killed: names the limit, the observed memory and a higher limit', async () => {
    const { state, explanation: e } = await explainLive('oom-killed');
    const limit = pods(state)[0].spec.containers[0].resources.limits
      .memory as string;
    expect(e.title).toContain(`limit ${limit}`);
    expect(e.cause).toContain('OOMKilled, exit code 137');
    expect(e.cause).toMatch(
      /The metrics API saw it use \d+Mi \(9\d % of the limit\)/,
    );
    const raised = /from (\d+)Mi to (\d+)Mi/.exec(e.fix[0])!;
    expect(`${raised[1]}Mi`).toBe(limit);
    expect(Number(raised[2])).toBeGreaterThan(Number(raised[1]));
    expectFile(e, 'gitops', /\/deployment\.yaml$/);
    expect(e.file.change).toContain('resources.limits.memory');
  });

  it('external-secret-not-synced: quotes SecretSyncedError, the missing key and the blocked pods', async () => {
    const { state, explanation: e } = await explainLive(
      'external-secret-not-synced',
    );
    const es = state.kubernetes.externalsecrets![0];
    const missingKey = es.spec.data[es.spec.data.length - 1].remoteRef.key;
    expect(e.cause).toContain(
      'SecretSyncedError: "could not get secret data from provider"',
    );
    expect(e.cause).toContain('CreateContainerConfigError');
    expect(e.cause).toContain(missingKey);
    expect(e.fix.join(' ')).toContain(`aws secretsmanager describe-secret`);
    expectFile(e, 'gitops', /\/external-secret\.yaml$/);
  });

  it('certificate-not-ready: quotes cert-manager and names the DNS names and the issuer', async () => {
    const { state, explanation: e } = await explainLive(
      'certificate-not-ready',
    );
    const cert = state.kubernetes.certificates![0];
    expect(e.cause).toContain('Issuing certificate as Secret does not exist');
    expect(e.cause).toContain('order is in "invalid" state');
    for (const dns of cert.spec.dnsNames) expect(e.file.change).toContain(dns);
    expect(e.file.change).toContain(cert.spec.issuerRef.name);
    expectFile(e, 'gitops', /\/certificate\.yaml$/);
  });

  it('istio-sidecar-missing: names the STRICT policy, the opt-out and the 503', async () => {
    const { explanation: e } = await explainLive('istio-sidecar-missing');
    expect(e.cause).toContain('sidecar.istio.io/inject: "false"');
    expect(e.cause).toContain('STRICT');
    expect(e.cause).toContain(
      'upstream connect error or disconnect/reset before headers',
    );
    expectFile(e, 'gitops', /\/deployment\.yaml$/);
    expect(e.file.change).toContain('remove sidecar.istio.io/inject');
  });

  it('argocd-sync-failed: quotes the rejected field', async () => {
    const { state, explanation: e } = await explainLive('argocd-sync-failed');
    expect(state.argocd!.status!.operationState!.phase).toBe('Failed');
    expect(e.cause).toContain('field is immutable');
    expect(e.cause).toContain('Kubernetes rejected Deployment');
    expect(
      e.evidence.some(x =>
        x.text.startsWith('SyncError: Failed sync attempt to'),
      ),
    ).toBe(true);
    expectFile(e, 'gitops', new RegExp(`^${escape(gitopsDir(state))}/`));
  });

  it('argocd-hook-failed: names the failed PreSync Job and how to read its logs', async () => {
    const { state, explanation: e } = await explainLive('argocd-hook-failed');
    const hook =
      state.argocd!.status!.operationState!.syncResult!.resources!.find(
        r => r.hookType,
      )!;
    expect(e.title).toContain(`PreSync hook ${hook.name}`);
    expect(e.cause).toContain(hook.message!);
    expect(e.fix[0]).toContain(`job/${hook.name}`);
    expectFile(e, 'gitops', new RegExp(`^${escape(gitopsDir(state))}/`));
    expect(e.relatedFiles[0].repository).toBe('service');
  });

  it('progress-deadline-exceeded: quotes the deadline and the failing readiness probe', async () => {
    const { state, explanation: e } = await explainLive(
      'progress-deadline-exceeded',
    );
    const deployment = state.kubernetes.deployments![0];
    expect(e.cause).toContain('has timed out progressing');
    expect(e.cause).toContain(
      `deadline ${deployment.spec.progressDeadlineSeconds} s`,
    );
    expect(e.cause).toContain(
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
    );
    expect(e.fix[0]).toContain(
      deployment.spec.template.spec.containers[0].readinessProbe.httpGet.path,
    );
    expectFile(e, 'gitops', /\/deployment\.yaml$/);
  });

  it("pdb-blocks-consolidation: quotes Karpenter's event on the node and the budget", async () => {
    const { state, explanation: e } = await explainLive(
      'pdb-blocks-consolidation',
    );
    const pdb = state.kubernetes.poddisruptionbudgets![0];
    const blocked = state.kubernetes.events!.find(
      ev => ev.involvedObject?.kind === 'Node',
    )!;
    expect(e.cause).toContain(blocked.involvedObject!.name!);
    expect(e.cause).toContain(`minAvailable: ${pdb.spec.minAvailable}`);
    expect(e.cause).toContain(blocked.message!);
    expect(e.fix[0]).toContain('maxUnavailable: 1');
    expectFile(e, 'gitops', /\/pod-disruption-budget\.yaml$/);
  });

  it('gives no explanation for any service that is healthy, rolling out, or waiting for a manual sync', async () => {
    const healthy = sim.scenario.services.flatMap(s =>
      (['prod', 'nonprod'] as const)
        .filter(c => s.deployments[c].history.length > 0)
        .filter(c => NOT_A_PROBLEM.includes(s.deployments[c].failure))
        .map(c => [s.name, c] as const),
    );
    expect(healthy.length).toBeGreaterThan(sim.scenario.services.length);
    for (const [service, cluster] of healthy) {
      const state = await readLiveState(sim, service, cluster);
      expect({ service, cluster, ids: explain(state).map(e => e.id) }).toEqual({
        service,
        cluster,
        ids: [],
      });
    }
  });
});
