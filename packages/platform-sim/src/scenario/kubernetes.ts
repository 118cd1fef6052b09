import {
  CLUSTER_SETUPS,
  INSTANCE_TYPES,
  KARPENTER_POOL_LABEL,
} from './constants';
import { Scenario, currentDeploys } from './createScenario';
import {
  addEvent,
  addPeerAuthentications,
  addServiceExamples,
  nodeClaimName,
  progressCondition,
  sidecarStatus,
} from './failureObjects';
import { failingPodState } from './failurePods';
import { isMeshed } from './podImages';
import { hashString, stableHex, stableUuid } from './random';
import { ClusterName, Deploy, NodeLifetime, NodePool, Service } from './types';

/** A Kubernetes object as the API server returns it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Where a resource type lives in the API: `/api/v1` or `/apis/<group>/<version>`. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  ['', 'v1', 'pods', 'Pod', true],
  ['', 'v1', 'services', 'Service', true],
  ['', 'v1', 'configmaps', 'ConfigMap', true],
  ['', 'v1', 'limitranges', 'LimitRange', true],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true],
  ['', 'v1', 'namespaces', 'Namespace', false],
  ['', 'v1', 'nodes', 'Node', false],
  ['', 'v1', 'events', 'Event', true],
  ['apps', 'v1', 'deployments', 'Deployment', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  [
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
  ],
  ['batch', 'v1', 'jobs', 'Job', true],
  ['batch', 'v1', 'cronjobs', 'CronJob', true],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true],
  ['metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true],
  ['external-secrets.io', 'v1beta1', 'externalsecrets', 'ExternalSecret', true],
  ['cert-manager.io', 'v1', 'certificates', 'Certificate', true],
  [
    'security.istio.io',
    'v1',
    'peerauthentications',
    'PeerAuthentication',
    true,
  ],
  ['metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false],
  // Karpenter: a cluster serves one of these pairs (v1, or v1alpha5 before v0.32).
  ['karpenter.sh', 'v1', 'nodepools', 'NodePool', false],
  ['karpenter.sh', 'v1', 'nodeclaims', 'NodeClaim', false],
  ['karpenter.sh', 'v1alpha5', 'provisioners', 'Provisioner', false],
  ['karpenter.sh', 'v1alpha5', 'machines', 'Machine', false],
].map(([group, version, plural, kind, namespaced]) => ({
  group: group as string,
  version: version as string,
  plural: plural as string,
  kind: kind as string,
  namespaced: namespaced as boolean,
}));

export function resourceKey(group: string, version: string, plural: string) {
  return `${group}/${version}/${plural}`;
}

/** The state of one cluster's API: objects per resource type. */
export interface ClusterState {
  cluster: ClusterName;
  objects: Map<string, K8sObject[]>;
  /** Pod logs by `namespace/name`. */
  logs: Map<string, string>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function cpuString(milli: number) {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Where the scenario's objects go, one resource type at a time. */
export interface ObjectSink {
  readonly cluster: ClusterName;
  readonly logs: Map<string, string>;
  add(type: string, object: K8sObject, createdAt: number): K8sObject;
}

class Builder implements ObjectSink {
  readonly objects = new Map<string, K8sObject[]>();
  readonly logs = new Map<string, string>();
  private rv = 1000;

  constructor(readonly cluster: ClusterName) {
    const karpenter = CLUSTER_SETUPS[cluster].karpenter;
    for (const t of RESOURCE_TYPES) {
      // The API server of a cluster knows only the Karpenter CRDs it has installed.
      if (t.group === 'karpenter.sh' && t.version !== karpenter) continue;
      this.objects.set(resourceKey(t.group, t.version, t.plural), []);
    }
  }

  add(type: string, object: K8sObject, createdAt: number) {
    const ns = object.metadata.namespace ?? '';
    object.metadata.uid ??= stableUuid(
      `${this.cluster}:${type}:${ns}:${object.metadata.name}`,
    );
    object.metadata.resourceVersion = String(this.rv++);
    object.metadata.creationTimestamp = iso(createdAt);
    this.objects.get(type)!.push(object);
    return object;
  }
}

/** Labels and annotations Karpenter puts on a node, by API version (v1alpha5: before v0.32). */
function karpenterMetadata(node: NodeLifetime): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const api = CLUSTER_SETUPS[node.cluster].karpenter;
  const poolLabel = KARPENTER_POOL_LABEL[api];
  return {
    labels: {
      'karpenter.sh/capacity-type': node.capacityType,
      [poolLabel]: node.nodePool,
      'karpenter.sh/initialized': 'true',
      'karpenter.sh/registered': 'true',
    },
    annotations:
      api === 'v1'
        ? { 'karpenter.sh/nodepool-hash': String(hashString(node.nodePool)) }
        : {
            'karpenter.sh/provisioner-hash': String(hashString(node.nodePool)),
            'karpenter.k8s.aws/nodetemplate-hash': String(
              hashString(`${node.cluster}:default`),
            ),
          },
  };
}

function nodeObject(node: NodeLifetime): K8sObject {
  const it = INSTANCE_TYPES[node.instanceType];
  const setup = CLUSTER_SETUPS[node.cluster];
  const karpenter = karpenterMetadata(node);
  const allocCpu = it.vcpu * 1000 - (it.vcpu <= 2 ? 70 : 80 + it.vcpu * 5);
  const allocMemKi = Math.floor(it.memoryGiB * 1024 * 1024 * 0.9);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        ...karpenter.labels,
        'karpenter.k8s.aws/instance-family': node.instanceType.split('.')[0],
        'karpenter.k8s.aws/instance-cpu': String(it.vcpu),
        'karpenter.k8s.aws/instance-memory': String(it.memoryGiB * 1024),
        'node.kubernetes.io/instance-type': node.instanceType,
        'beta.kubernetes.io/instance-type': node.instanceType,
        'kubernetes.io/arch': node.arch,
        'beta.kubernetes.io/arch': node.arch,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': node.name,
        'topology.kubernetes.io/region': node.region,
        'topology.kubernetes.io/zone': node.zone,
        'eks.amazonaws.com/compute-type': 'ec2',
      },
      annotations: {
        ...karpenter.annotations,
        'node.alpha.kubernetes.io/ttl': '0',
      },
    },
    spec: {
      providerID: `aws:///${node.zone}/${node.instanceId}`,
      taints:
        node.nodePool === 'critical'
          ? [{ key: 'pier.io/critical', value: 'true', effect: 'NoSchedule' }]
          : [],
    },
    status: {
      capacity: {
        cpu: String(it.vcpu),
        memory: `${it.memoryGiB * 1024 * 1024}Ki`,
        pods: String(it.vcpu * 15),
        'ephemeral-storage': '83873772Ki',
      },
      allocatable: {
        cpu: `${allocCpu}m`,
        memory: `${allocMemKi}Ki`,
        pods: String(it.vcpu * 15),
        'ephemeral-storage': '76224326324',
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: iso(Date.now() - 30_000),
          lastTransitionTime: iso(node.createdAt + 60_000),
        },
      ],
      nodeInfo: {
        architecture: node.arch,
        containerRuntimeVersion: 'containerd://1.7.22',
        kernelVersion: `${setup.kernelVersion}.${
          node.arch === 'arm64' ? 'aarch64' : 'x86_64'
        }`,
        kubeletVersion: setup.kubeletVersion,
        operatingSystem: 'linux',
        osImage: setup.osImage,
      },
    },
  };
}

/** The NodeClaim (v1) or Machine (v1alpha5) Karpenter keeps for a node it launched. */
function nodeClaimObject(node: NodeLifetime): [string, K8sObject] {
  const api = CLUSTER_SETUPS[node.cluster].karpenter;
  const name = nodeClaimName(node);
  const labels = {
    [KARPENTER_POOL_LABEL[api]]: node.nodePool,
    'karpenter.sh/capacity-type': node.capacityType,
    'node.kubernetes.io/instance-type': node.instanceType,
  };
  const status = {
    nodeName: node.name,
    providerID: `aws:///${node.zone}/${node.instanceId}`,
    capacity: (nodeObject(node).status as any).capacity,
  };
  if (api === 'v1alpha5') {
    return [
      'karpenter.sh/v1alpha5/machines',
      {
        apiVersion: 'karpenter.sh/v1alpha5',
        kind: 'Machine',
        metadata: { name, labels },
        spec: {
          machineTemplateRef: {
            apiVersion: 'karpenter.k8s.aws/v1alpha1',
            kind: 'AWSNodeTemplate',
            name: 'default',
          },
        },
        status,
      },
    ];
  }
  return [
    'karpenter.sh/v1/nodeclaims',
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: { name, labels },
      spec: {
        nodeClassRef: {
          group: 'karpenter.k8s.aws',
          kind: 'EC2NodeClass',
          name: 'default',
        },
      },
      status,
    },
  ];
}

/** A NodePool (v1) or Provisioner (v1alpha5) with the nodes it holds now. */
function nodePoolObject(
  cluster: ClusterName,
  pool: NodePool,
  nodes: readonly NodeLifetime[],
): [string, K8sObject] {
  const requirements = [
    { key: 'kubernetes.io/arch', operator: 'In', values: [pool.arch] },
    {
      key: 'karpenter.sh/capacity-type',
      operator: 'In',
      values: pool.capacityTypes,
    },
    {
      key: 'node.kubernetes.io/instance-type',
      operator: 'In',
      values: pool.instanceTypes,
    },
  ];
  const mine = nodes.filter(n => n.nodePool === pool.name);
  if (CLUSTER_SETUPS[cluster].karpenter === 'v1alpha5') {
    return [
      'karpenter.sh/v1alpha5/provisioners',
      {
        apiVersion: 'karpenter.sh/v1alpha5',
        kind: 'Provisioner',
        metadata: { name: pool.name },
        spec: {
          requirements,
          providerRef: { name: 'default' },
          consolidation: { enabled: true },
          ttlSecondsUntilExpired: 2_592_000,
        },
        status: {
          resources: {
            cpu: String(
              mine.reduce((s, n) => s + INSTANCE_TYPES[n.instanceType].vcpu, 0),
            ),
            memory: `${mine.reduce(
              (s, n) => s + INSTANCE_TYPES[n.instanceType].memoryGiB,
              0,
            )}Gi`,
          },
        },
      },
    ];
  }
  return [
    'karpenter.sh/v1/nodepools',
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: pool.name },
      spec: {
        template: {
          spec: {
            requirements,
            nodeClassRef: {
              group: 'karpenter.k8s.aws',
              kind: 'EC2NodeClass',
              name: 'default',
            },
          },
        },
        disruption: {
          consolidationPolicy: 'WhenEmptyOrUnderutilized',
          consolidateAfter: '1m',
        },
      },
      status: { resources: { nodes: String(mine.length) } },
    },
  ];
}

/** The image reference and digest reference of a release. */
export function imageOf(
  scenario: Scenario,
  service: Service,
  index: number,
  registry: string = scenario.registry,
) {
  const release = service.releases[index];
  const repo = `${registry}/${service.repository}`;
  return {
    image: `${repo}:${release.version}`,
    imageID: `${repo}@sha256:${release.digest}`,
  };
}

function workloadLabels(service: Service, version?: string) {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/part-of': service.team.system,
    'backstage.io/kubernetes-id': service.name,
    'pier.io/team': service.team.name,
  };
  if (version) {
    labels['app.kubernetes.io/version'] = version;
    labels['tags.datadoghq.com/service'] = service.name;
    labels['tags.datadoghq.com/version'] = version;
  }
  return labels;
}

/** About two services in three ship a PodDisruptionBudget; the rest lose every replica at once on a spot interruption. */
export function hasPodDisruptionBudget(service: Service) {
  return hashString(`${service.name}:pdb`) % 3 !== 0;
}

/** Builds what the API server of a cluster returns, from the scenario. */
export function buildClusterState(
  scenario: Scenario,
  cluster: ClusterName,
): ClusterState {
  const b = new Builder(cluster);
  const nodes = scenario.nodes[cluster];
  const oldest = Math.min(...nodes.map(n => n.createdAt));

  for (const ns of [
    'kube-system',
    'argocd',
    'karpenter',
    'istio-system',
    ...scenario.teams.map(t => t.namespace),
  ]) {
    b.add(
      '/v1/namespaces',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: ns,
          labels: {
            'kubernetes.io/metadata.name': ns,
            ...(scenario.teams.some(t => t.namespace === ns)
              ? { 'istio-injection': 'enabled' }
              : {}),
          },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      scenario.start - 200 * 86_400_000,
    );
  }
  addPeerAuthentications(b, scenario);
  for (const team of scenario.teams) {
    b.add(
      '/v1/resourcequotas',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'team-quota', namespace: team.namespace },
        spec: { hard: { 'requests.cpu': '200', 'requests.memory': '400Gi' } },
        status: {
          hard: { 'requests.cpu': '200', 'requests.memory': '400Gi' },
          used: {},
        },
      },
      scenario.start,
    );
  }

  for (const node of nodes) {
    b.add('/v1/nodes', nodeObject(node), node.createdAt);
    const [type, claim] = nodeClaimObject(node);
    b.add(type, claim, node.createdAt);
  }
  for (const pool of CLUSTER_SETUPS[cluster].nodePools) {
    const [type, object] = nodePoolObject(cluster, pool, nodes);
    b.add(type, object, scenario.start - 100 * 86_400_000);
  }
  // system daemonsets (not labelled for any service)
  for (const ds of ['aws-node', 'kube-proxy', 'ebs-csi-node']) {
    b.add(
      'apps/v1/daemonsets',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: {
          name: ds,
          namespace: 'kube-system',
          labels: { 'k8s-app': ds },
        },
        spec: { selector: { matchLabels: { 'k8s-app': ds } } },
        status: {
          desiredNumberScheduled: nodes.length,
          currentNumberScheduled: nodes.length,
          numberReady: nodes.length,
          numberAvailable: nodes.length,
        },
      },
      oldest,
    );
  }

  for (const service of scenario.services) {
    addService(b, scenario, service, cluster);
  }
  return { cluster, objects: b.objects, logs: b.logs };
}

function addService(
  b: ObjectSink,
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
) {
  const deployment = service.deployments[cluster];
  const history = deployment.history;
  if (history.length === 0) return;
  const ns = service.team.namespace;
  const current = history[history.length - 1];
  const running = currentDeploys(service, cluster);
  const release = service.releases[current.releaseIndex];
  const labels = workloadLabels(service);
  const argoLabel = {
    'argocd.argoproj.io/instance': `${service.name}-${cluster}`,
  };
  const rsName = (d: Deploy) =>
    `${service.name}-${stableHex(
      `${service.name}:${d.releaseIndex}:${
        d === current && deployment.nodePool ? 'pinned' : ''
      }`,
      10,
    )}`;
  const meshed = isMeshed(scenario.services.indexOf(service));
  const template = (d: Deploy) => {
    const { image } = imageOf(
      scenario,
      service,
      d.releaseIndex,
      d === current ? deployment.imageRegistry : undefined,
    );
    const pinned = d === current && deployment.nodePool;
    const optOut =
      !meshed || (d === current && deployment.failure === 'sidecar-missing');
    return {
      metadata: {
        labels: {
          ...workloadLabels(service, service.releases[d.releaseIndex].version),
        },
        ...(optOut
          ? { annotations: { 'sidecar.istio.io/inject': 'false' } }
          : {}),
      },
      spec: {
        serviceAccountName: service.name,
        ...(pinned
          ? { nodeSelector: { 'karpenter.sh/nodepool': deployment.nodePool } }
          : {}),
        containers: [
          {
            name: service.name,
            image,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'DD_ENV', value: cluster },
              { name: 'DD_SERVICE', value: service.name },
              {
                name: 'DD_VERSION',
                value: service.releases[d.releaseIndex].version,
              },
            ],
            resources: {
              requests: {
                cpu: cpuString(service.cpuRequestMilli),
                memory: `${service.memoryRequestMi}Mi`,
              },
              limits: { memory: `${service.memoryRequestMi * 2}Mi` },
            },
            readinessProbe: {
              httpGet: { path: '/healthz', port: 'http' },
              periodSeconds: 10,
            },
          },
        ],
      },
    };
  };

  const replicas = deployment.replicas;
  const healthy = deployment.health === 'Healthy';
  const deploymentObj = b.add(
    'apps/v1/deployments',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: service.name,
        namespace: ns,
        labels: { ...labels, ...argoLabel },
        annotations: {
          'deployment.kubernetes.io/revision': String(current.id),
        },
        generation: current.id,
      },
      spec: {
        replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': service.name } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        revisionHistoryLimit: 3,
        progressDeadlineSeconds: 600,
        template: template(current),
      },
      status: {
        observedGeneration: current.id,
        replicas: healthy ? replicas : replicas + 1,
        updatedReplicas: healthy ? replicas : 1,
        readyReplicas: healthy ? replicas : Math.max(1, replicas - 1),
        availableReplicas: healthy ? replicas : Math.max(1, replicas - 1),
        ...(healthy ? {} : { unavailableReplicas: 1 }),
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastUpdateTime: iso(current.deployedAt),
            lastTransitionTime: iso(current.deployedAt),
          },
          progressCondition(deployment, current, rsName(current)),
        ],
      },
    },
    service.createdAt,
  );
  const deploymentUid = deploymentObj.metadata.uid;

  // ReplicaSets: the last three revisions (revisionHistoryLimit)
  const recent = history.slice(-3);
  const pods: K8sObject[] = [];
  for (const d of recent) {
    const isRunning = running.includes(d);
    let rsReplicas = 0;
    if (isRunning) {
      if (running.length === 1) rsReplicas = replicas;
      else if (d === current) rsReplicas = 1;
      else rsReplicas = deployment.failure ? replicas : replicas - 1;
    }
    const rsReady = d === current && running.length > 1 ? 0 : rsReplicas;
    const tpl = template(d);
    const hash = rsName(d).slice(service.name.length + 1);
    const rs = b.add(
      'apps/v1/replicasets',
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName(d),
          namespace: ns,
          labels: { ...tpl.metadata.labels, 'pod-template-hash': hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(replicas),
            'deployment.kubernetes.io/max-replicas': String(replicas + 1),
            'deployment.kubernetes.io/revision': String(d.id),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: service.name,
              uid: deploymentUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas: rsReplicas,
          selector: {
            matchLabels: {
              'app.kubernetes.io/name': service.name,
              'pod-template-hash': hash,
            },
          },
          template: {
            ...tpl,
            metadata: {
              labels: { ...tpl.metadata.labels, 'pod-template-hash': hash },
            },
          },
        },
        status: {
          replicas: rsReplicas,
          fullyLabeledReplicas: rsReplicas,
          readyReplicas: rsReady,
          availableReplicas: rsReady,
          observedGeneration: 1,
        },
      },
      d.deployStartedAt,
    );
    for (let p = 0; p < rsReplicas; p++) {
      pods.push(
        addPod(
          b,
          scenario,
          service,
          cluster,
          d,
          d === current,
          rs,
          tpl,
          hash,
          p,
        ),
      );
    }
  }
  addServiceExamples(b, scenario, service, cluster, pods, {
    ...labels,
    ...argoLabel,
  });

  b.add(
    '/v1/services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: service.name,
        namespace: ns,
        labels: { ...labels, ...argoLabel },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: `172.20.${hashString(service.name) % 250}.${
          hashString(`${service.name}:ip`) % 250
        }`,
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ],
        selector: { 'app.kubernetes.io/name': service.name },
      },
      status: { loadBalancer: {} },
    },
    service.createdAt,
  );
  b.add(
    '/v1/configmaps',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${service.name}-config`,
        namespace: ns,
        labels: { ...labels, ...argoLabel },
      },
      data: {
        LOG_LEVEL: cluster === 'prod' ? 'info' : 'debug',
        DD_ENV: cluster,
      },
    },
    service.createdAt,
  );
  const blocking = deployment.failure === 'pdb-blocking';
  if (hasPodDisruptionBudget(service) || blocking) {
    b.add(
      'policy/v1/poddisruptionbudgets',
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {
          name: service.name,
          namespace: ns,
          labels: { ...labels, ...argoLabel },
        },
        spec: {
          // pdb-blocking: someone set minAvailable to the replica count
          ...(blocking ? { minAvailable: replicas } : { maxUnavailable: 1 }),
          selector: { matchLabels: { 'app.kubernetes.io/name': service.name } },
        },
        status: {
          currentHealthy: replicas,
          desiredHealthy: blocking ? replicas : Math.max(0, replicas - 1),
          expectedPods: replicas,
          disruptionsAllowed: blocking ? 0 : 1,
        },
      },
      service.createdAt,
    );
  }
  const cpuUtil = 35 + (hashString(`${service.name}:${cluster}:cpu`) % 40);
  b.add(
    'autoscaling/v2/horizontalpodautoscalers',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: service.name,
        namespace: ns,
        labels: { ...labels, ...argoLabel },
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: service.name,
        },
        minReplicas: replicas,
        maxReplicas: replicas * 3,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
      status: {
        currentReplicas: replicas,
        desiredReplicas: replicas,
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: {
                averageUtilization: cpuUtil,
                averageValue: `${Math.round(
                  (service.cpuRequestMilli * cpuUtil) / 100,
                )}m`,
              },
            },
          },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ReadyForNewScale',
            lastTransitionTime: iso(service.createdAt),
          },
          {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            lastTransitionTime: iso(service.createdAt),
          },
        ],
      },
    },
    service.createdAt,
  );
  if (service.kind === 'api' && cluster === 'prod') {
    b.add(
      'networking.k8s.io/v1/ingresses',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: service.name,
          namespace: ns,
          labels: { ...labels, ...argoLabel },
          annotations: {
            'alb.ingress.kubernetes.io/scheme': 'internal',
            'alb.ingress.kubernetes.io/target-type': 'ip',
          },
        },
        spec: {
          ingressClassName: 'alb',
          rules: [
            {
              host: `${service.name}.internal.example.com`,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: service.name, port: { name: 'http' } },
                    },
                  },
                ],
              },
            },
          ],
        },
        status: {
          loadBalancer: {
            ingress: [
              {
                hostname: `internal-k8s-${service.team.namespace}-${stableHex(
                  service.name,
                  10,
                )}.eu-west-1.elb.amazonaws.com`,
              },
            ],
          },
        },
      },
      service.createdAt,
    );
  }
  void release;
}

function addPod(
  b: ObjectSink,
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  deploy: Deploy,
  isCurrent: boolean,
  rs: K8sObject,
  template: {
    metadata: {
      labels: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec: any;
  },
  hash: string,
  ordinal: number,
) {
  const deployment = service.deployments[cluster];
  const nodes = scenario.nodes[cluster];
  const pinned = isCurrent ? deployment.nodePool : undefined;
  const eligible = nodes.filter(n =>
    pinned
      ? n.nodePool === pinned
      : n.nodePool === 'general' ||
        (service.multiArch && n.nodePool === 'graviton'),
  );
  const candidates = eligible.length ? eligible : nodes;
  const name = `${rs.metadata.name}-${stableHex(
    `${rs.metadata.name}:${ordinal}`,
    5,
  ).replace(/[0-9]/g, c => 'bcdfghjklm'[Number(c)])}`;
  const node = candidates[hashString(name) % candidates.length];
  const { image, imageID } = imageOf(
    scenario,
    service,
    deploy.releaseIndex,
    isCurrent ? deployment.imageRegistry : undefined,
  );
  const startedAt = Math.max(deploy.deployStartedAt, node.createdAt) + 20_000;
  const notReady = isCurrent && deployment.health === 'Progressing';
  const load = 0.3 + (hashString(`${name}:load`) % 50) / 100;
  const healthyMemoryKi = Math.round(
    service.memoryRequestMi * 1024 * (0.5 + load / 2),
  );
  const running = {
    ready: !notReady,
    started: true,
    restartCount: hashString(`${name}:restarts`) % 7 === 0 ? 1 : 0,
    image,
    imageID,
    containerID: `containerd://${stableHex(name, 64)}`,
    state: { running: { startedAt: new Date(startedAt).toISOString() } },
    lastState: {},
  };
  const failed = isCurrent
    ? failingPodState({
        scenario,
        service,
        cluster,
        deploy,
        podName: name,
        image,
        imageID,
        running,
        memoryKi: healthyMemoryKi,
      })
    : undefined;
  const phase = failed?.phase ?? 'Running';
  const containerStatus: Record<string, unknown> =
    failed?.containerStatus ?? running;
  const memoryKi = failed ? failed.memoryKi : healthyMemoryKi;
  const startLog = `{"level":"info","msg":"${service.name} ${
    service.releases[deploy.releaseIndex].version
  } listening on :8080","dd.env":"${cluster}"}`;
  // A container that never started has no log.
  const log = failed
    ? failed.log ?? (phase === 'Running' ? startLog : undefined)
    : startLog;
  if (log !== undefined) b.logs.set(`${service.team.namespace}/${name}`, log);
  const ready = containerStatus.ready as boolean;
  const ip = `10.${cluster === 'prod' ? 10 : 20}.${hashString(name) % 250}.${
    hashString(`${name}:ip`) % 250
  }`;
  const pod = b.add(
    '/v1/pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: service.team.namespace,
        generateName: `${rs.metadata.name}-`,
        labels: { ...template.metadata.labels, 'pod-template-hash': hash },
        annotations: {
          ...template.metadata.annotations,
          ...(template.metadata.annotations?.['sidecar.istio.io/inject'] ===
          'false'
            ? {}
            : { 'sidecar.istio.io/status': sidecarStatus() }),
          'ad.datadoghq.com/tags': `{"team":"${service.team.name}"}`,
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            uid: rs.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...template.spec, nodeName: node.name },
      status: {
        phase,
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: iso(startedAt - 15_000),
          },
          {
            type: 'Initialized',
            status: 'True',
            lastTransitionTime: iso(startedAt - 10_000),
          },
          {
            type: 'ContainersReady',
            status: ready ? 'True' : 'False',
            lastTransitionTime: iso(startedAt),
            ...(ready
              ? {}
              : {
                  reason: 'ContainersNotReady',
                  message: `containers with unready status: [${service.name}]`,
                }),
          },
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime: iso(startedAt),
            ...(ready
              ? {}
              : {
                  reason: 'ContainersNotReady',
                  message: `containers with unready status: [${service.name}]`,
                }),
          },
        ],
        hostIP: node.name.replace(/^ip-/, '').split('.')[0].replace(/-/g, '.'),
        podIP: ip,
        podIPs: [{ ip }],
        startTime: iso(startedAt - 15_000),
        qosClass: 'Burstable',
        containerStatuses: [{ name: service.name, ...containerStatus }],
      },
    },
    startedAt - 15_000,
  );
  for (const event of failed?.events ?? []) {
    addEvent(b, {
      ...event,
      now: scenario.now,
      namespace: service.team.namespace,
      involvedObject: {
        kind: 'Pod',
        namespace: service.team.namespace,
        name,
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        fieldPath: `spec.containers{${service.name}}`,
      },
      component: 'kubelet',
      host: node.name,
    });
  }

  if (memoryKi !== undefined) {
    b.add(
      'metrics.k8s.io/v1beta1/pods',
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name,
          namespace: service.team.namespace,
          labels: pod.metadata.labels,
        },
        timestamp: new Date(scenario.now).toISOString(),
        window: '15s',
        containers: [
          {
            name: service.name,
            usage: {
              cpu: `${Math.round(service.cpuRequestMilli * load * 1e6)}n`,
              memory: `${memoryKi}Ki`,
            },
          },
        ],
      },
      scenario.now,
    );
  }
  return pod;
}
