import * as k8s from '@kubernetes/client-node';
import { kubeConfig } from '../__testUtils__/clients';
import { SIM_KUBERNETES_TOKEN } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('Kubernetes API simulation', () => {
  let sim: PlatformSim;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterAll(() => sim.stop());

  it('lists pods by label selector in a namespace with the vendor client', async () => {
    const core = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    const list = await core.listNamespacedPod({
      namespace: 'payments',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
    });
    expect(list.items.length).toBeGreaterThan(0);
    for (const pod of list.items) {
      expect(pod.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
        'payments-api',
      );
      const status = pod.status!.containerStatuses![0];
      expect(status.image).toMatch(
        /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/payments\/payments-api:1\.\d+\.\d+$/,
      );
      expect(status.imageID).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(pod.spec?.containers[0].resources?.requests?.cpu).toBeDefined();
      expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
    }
  });

  it('serves every path the Kubernetes backend plugin fetches', async () => {
    const paths = [
      '/api/v1/pods',
      '/api/v1/services',
      '/api/v1/configmaps',
      '/api/v1/limitranges',
      '/api/v1/resourcequotas',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/apis/apps/v1/statefulsets',
      '/apis/apps/v1/daemonsets',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      '/apis/batch/v1/jobs',
      '/apis/batch/v1/cronjobs',
      '/apis/networking.k8s.io/v1/ingresses',
    ];
    const selector = encodeURIComponent(
      'backstage.io/kubernetes-id=cart-service',
    );
    for (const path of paths) {
      // `/api/v1/pods` -> `/api/v1/namespaces/checkout/pods`
      const plural = path.slice(path.lastIndexOf('/') + 1);
      const namespaced = `${path.slice(
        0,
        path.lastIndexOf('/'),
      )}/namespaces/checkout/${plural}`;
      for (const p of [path, namespaced]) {
        const res = await fetch(
          `${sim.urls.kubernetes.nonprod}${p}?labelSelector=${selector}`,
          {
            headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
          },
        );
        expect({ p, status: res.status }).toEqual({ p, status: 200 });
        const body = await res.json();
        expect(body.kind).toMatch(/List$/);
        expect(body.metadata.resourceVersion).toBeDefined();
      }
    }
    const metrics = await fetch(
      `${sim.urls.kubernetes.nonprod}/apis/metrics.k8s.io/v1beta1/namespaces/checkout/pods`,
      { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
    );
    const body = await metrics.json();
    expect(body.kind).toBe('PodMetricsList');
    expect(body.items.length).toBeGreaterThan(0);
  });

  it('reads deployments, HPAs and pod metrics with the vendor client', async () => {
    const kc = kubeConfig(sim.urls.kubernetes.prod);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const deployments = await apps.listNamespacedDeployment({
      namespace: 'identity',
    });
    expect(deployments.items.map(d => d.metadata?.name)).toEqual(
      expect.arrayContaining([
        'accounts-api',
        'auth-service',
        'profile-service',
      ]),
    );
    const hpa = await kc
      .makeApiClient(k8s.AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({
        name: 'auth-service',
        namespace: 'identity',
      });
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec!.minReplicas!);
    const metrics = await new k8s.Metrics(kc).getPodMetrics('identity');
    expect(metrics.items[0].containers[0].usage.cpu).toMatch(/^\d+n$/);
  });

  it('serves Karpenter nodes with real labels', async () => {
    const core = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    const nodes = await core.listNode({
      labelSelector: 'karpenter.sh/nodepool=graviton',
    });
    expect(nodes.items.length).toBeGreaterThan(0);
    for (const node of nodes.items) {
      const labels = node.metadata!.labels!;
      expect(labels['kubernetes.io/arch']).toBe('arm64');
      expect(labels['node.kubernetes.io/instance-type']).toMatch(/^r8g\./);
      expect(['spot', 'on-demand']).toContain(
        labels['karpenter.sh/capacity-type'],
      );
      expect(labels['topology.kubernetes.io/zone']).toMatch(/^eu-west-1[abc]$/);
      expect(node.status?.allocatable?.cpu).toBeDefined();
    }
    const all = await core.listNode();
    expect(
      all.items.some(n =>
        n.metadata!.labels!['node.kubernetes.io/instance-type'].match(
          /^(m6i|m7i|c6i)\./,
        ),
      ),
    ).toBe(true);
  });

  it('shows the simulated failures as pod states', async () => {
    const core = kubeConfig(sim.urls.kubernetes.nonprod).makeApiClient(
      k8s.CoreV1Api,
    );
    const refunds = await core.listNamespacedPod({
      namespace: 'payments',
      labelSelector: 'backstage.io/kubernetes-id=refunds-worker',
    });
    const reasons = refunds.items.map(
      p => p.status?.containerStatuses?.[0].state?.waiting?.reason,
    );
    expect(reasons).toContain('CrashLoopBackOff');

    const prod = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    const recs = await prod.listNamespacedPod({
      namespace: 'discovery',
      labelSelector: 'backstage.io/kubernetes-id=recommendations',
    });
    const failing = recs.items.find(
      p =>
        p.status?.containerStatuses?.[0].state?.waiting?.reason ===
        'ImagePullBackOff',
    );
    expect(failing).toBeDefined();
    expect(failing!.spec?.nodeSelector?.['karpenter.sh/nodepool']).toBe(
      'graviton',
    );
    const node = await prod.readNode({ name: failing!.spec!.nodeName! });
    expect(node.metadata?.labels?.['kubernetes.io/arch']).toBe('arm64');
  });

  it('answers 401 Status without the bearer token, /version without one', async () => {
    const core = kubeConfig(sim.urls.kubernetes.prod, 'wrong').makeApiClient(
      k8s.CoreV1Api,
    );
    await expect(
      core.listNamespacedPod({ namespace: 'payments' }),
    ).rejects.toMatchObject({ code: 401 });
    const res = await fetch(`${sim.urls.kubernetes.prod}/api/v1/pods`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      code: 401,
      reason: 'Unauthorized',
    });
    const version = await fetch(`${sim.urls.kubernetes.prod}/version`);
    expect(version.status).toBe(200);
    expect((await version.json()).gitVersion).toMatch(/^v1\.31/);
  });

  it('answers NotFound and BadRequest as kind: Status', async () => {
    const core = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    await expect(
      core.readNamespacedPod({ name: 'nope', namespace: 'payments' }),
    ).rejects.toMatchObject({
      code: 404,
    });
    const res = await fetch(
      `${
        sim.urls.kubernetes.prod
      }/api/v1/pods?labelSelector=${encodeURIComponent('a in (b')}`,
      {
        headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).reason).toBe('BadRequest');
  });

  it('paginates with limit/continue and streams watch events', async () => {
    const core = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    const all = await core.listPodForAllNamespaces();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({
        limit: 7,
        _continue: token,
      });
      seen.push(...page.items.map(p => p.metadata!.name!));
      token = page.metadata?._continue;
    } while (token);
    expect(seen).toEqual(all.items.map(p => p.metadata!.name));

    const res = await fetch(
      `${sim.urls.kubernetes.prod}/api/v1/namespaces/payments/pods?watch=true&timeoutSeconds=1`,
      { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
    );
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Pod' } });
  });
});
