import { CLUSTER_SETUPS } from './constants';
import { Scenario } from './createScenario';
import { PodEvent, secretNameOf } from './failurePods';
import type { K8sObject, ObjectSink } from './kubernetes';
import { ISTIO_VERSION, isMeshed } from './podImages';
import { stableHex } from './random';
import {
  ClusterName,
  Deploy,
  NodeLifetime,
  Service,
  ServiceDeployment,
} from './types';

/**
 * The objects besides Deployments and pods that carry the live examples of the platform's common
 * failures: Events, ExternalSecrets, cert-manager Certificates, Istio PeerAuthentications, and
 * Karpenter's events about a PodDisruptionBudget. Healthy services get the same kinds, healthy.
 */

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const MINUTE = 60_000;

/** The NodeClaim (v1) or Machine (v1alpha5) Karpenter keeps for a node. */
export function nodeClaimName(node: NodeLifetime) {
  return `${node.nodePool}-${stableHex(node.instanceId, 5)}`;
}

export interface EventSpec extends PodEvent {
  now: number;
  namespace: string;
  involvedObject: Record<string, unknown> & { kind: string; name: string };
  component: string;
  host?: string;
}

/** A core/v1 Event as `kubectl get events -o json` shows it. */
export function addEvent(b: ObjectSink, e: EventSpec) {
  const first = e.now - e.firstAgo;
  const name = `${e.involvedObject.name}.${stableHex(
    `${b.cluster}:${e.involvedObject.kind}:${e.involvedObject.name}:${e.reason}:${e.message}`,
    16,
  )}`;
  b.add(
    '/v1/events',
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: e.namespace },
      involvedObject: e.involvedObject,
      reason: e.reason,
      message: e.message,
      source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
      firstTimestamp: iso(first),
      lastTimestamp: iso(e.now - e.lastAgo),
      count: e.count,
      type: e.type,
      eventTime: null,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
    },
    first,
  );
}

/** The annotation istio-sidecar-injector writes on every pod it injects. */
export function sidecarStatus() {
  return JSON.stringify({
    initContainers: ['istio-init'],
    containers: ['istio-proxy'],
    volumes: [
      'workload-socket',
      'credential-socket',
      'workload-certs',
      'istio-envoy',
      'istio-data',
      'istio-podinfo',
      'istio-token',
      'istiod-ca-cert',
    ],
    imagePullSecrets: null,
    revision: 'default',
  });
}

/** The Deployment's `Progressing` condition: done, in progress, or past its deadline. */
export function progressCondition(
  deployment: ServiceDeployment,
  current: Deploy,
  rsName: string,
) {
  if (deployment.failure === 'progress-deadline') {
    const at = iso(current.deployStartedAt + 600_000);
    return {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
      lastUpdateTime: at,
      lastTransitionTime: at,
    };
  }
  const healthy = deployment.health === 'Healthy';
  return {
    type: 'Progressing',
    status: 'True',
    reason: healthy ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
    message: healthy
      ? `ReplicaSet "${rsName}" has successfully progressed.`
      : `ReplicaSet "${rsName}" is progressing.`,
    lastUpdateTime: iso(current.deployedAt),
    lastTransitionTime: iso(current.deployStartedAt),
  };
}

/** Namespace-wide mTLS: STRICT where the team's services are in the mesh, PERMISSIVE elsewhere. */
export function addPeerAuthentications(b: ObjectSink, scenario: Scenario) {
  for (const team of scenario.teams) {
    const meshed = scenario.services.some(
      (s, i) => s.team.name === team.name && isMeshed(i),
    );
    b.add(
      'security.istio.io/v1/peerauthentications',
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: {
          name: 'default',
          namespace: team.namespace,
          labels: { 'pier.io/team': team.name },
          annotations: { 'pier.io/istio-version': ISTIO_VERSION },
        },
        spec: { mtls: { mode: meshed ? 'STRICT' : 'PERMISSIVE' } },
      },
      scenario.start,
    );
  }
}

function externalSecret(
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  labels: Record<string, string>,
): K8sObject {
  const ns = service.team.namespace;
  const failing = service.deployments[cluster].failure === 'secret-sync-error';
  const key = `${cluster}/${ns}/${service.name}`;
  return {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: secretNameOf(service), namespace: ns, labels },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: {
        kind: 'ClusterSecretStore',
        name: 'aws-secrets-manager',
      },
      target: { name: secretNameOf(service), creationPolicy: 'Owner' },
      data: [
        {
          secretKey: 'DATABASE_URL',
          remoteRef: { key, property: 'database_url' },
        },
        ...(failing
          ? [
              {
                secretKey: 'MODERATION_API_KEY',
                remoteRef: { key: `${key}/moderation`, property: 'api_key' },
              },
            ]
          : []),
      ],
    },
    status: {
      refreshTime: iso(scenario.now - 20 * MINUTE),
      conditions: [
        failing
          ? {
              type: 'Ready',
              status: 'False',
              reason: 'SecretSyncedError',
              message: 'could not get secret data from provider',
              lastTransitionTime: iso(scenario.now - 5 * MINUTE),
            }
          : {
              type: 'Ready',
              status: 'True',
              reason: 'SecretSynced',
              message: 'Secret was synced',
              lastTransitionTime: iso(service.createdAt),
            },
      ],
    },
  };
}

function certificate(
  scenario: Scenario,
  service: Service,
  labels: Record<string, string>,
): K8sObject {
  const ns = service.team.namespace;
  const name = `${service.name}-tls`;
  const failing = service.deployments.prod.failure === 'certificate-not-ready';
  const dnsNames = [
    `${service.name}.internal.example.com`,
    ...(failing ? [`${service.name.replace(/-api$/, '')}.example.shop`] : []),
  ];
  const spec = {
    secretName: name,
    dnsNames,
    issuerRef: {
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      name: 'letsencrypt-dns01',
    },
    privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
  };
  const issued = scenario.now - 20 * 86_400_000;
  const status = failing
    ? {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'DoesNotExist',
            message: 'Issuing certificate as Secret does not exist',
            observedGeneration: 2,
            lastTransitionTime: iso(scenario.now - 3 * 3_600_000),
          },
          {
            type: 'Issuing',
            status: 'False',
            reason: 'Failed',
            message: certificateFailure(name),
            observedGeneration: 2,
            lastTransitionTime: iso(scenario.now - 40 * MINUTE),
          },
        ],
        failedIssuanceAttempts: 3,
        lastFailureTime: iso(scenario.now - 40 * MINUTE),
      }
    : {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: 'Certificate is up to date and has not expired',
            observedGeneration: 1,
            lastTransitionTime: iso(issued),
          },
        ],
        notBefore: iso(issued),
        notAfter: iso(issued + 90 * 86_400_000),
        renewalTime: iso(issued + 60 * 86_400_000),
        revision: 1,
      };
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: ns, labels, generation: failing ? 2 : 1 },
    spec,
    status,
  };
}

function certificateFailure(name: string) {
  return `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${name}-1-${3_710_398_514}" to become ready: order is in "invalid" state: `;
}

/** Karpenter's events on a node it cannot consolidate because of the service's PDB (v1 format). */
function addDisruptionBlocked(
  b: ObjectSink,
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  pods: K8sObject[],
) {
  const nodeName = (pods[0]?.spec as any)?.nodeName;
  const node = scenario.nodes[cluster].find(n => n.name === nodeName);
  if (!node) return;
  const message = `Pdb prevents pod evictions (PodDisruptionBudget=[${service.team.namespace}/${service.name}])`;
  const claimKind =
    CLUSTER_SETUPS[cluster].karpenter === 'v1' ? 'NodeClaim' : 'Machine';
  for (const [kind, name] of [
    ['Node', node.name],
    [claimKind, nodeClaimName(node)],
  ]) {
    addEvent(b, {
      now: scenario.now,
      namespace: 'default',
      involvedObject: {
        kind,
        name,
        apiVersion: kind === 'Node' ? 'v1' : 'karpenter.sh/v1',
      },
      type: 'Normal',
      reason: 'DisruptionBlocked',
      message,
      count: 96,
      firstAgo: 8 * 3_600_000,
      lastAgo: 4 * MINUTE,
      component: 'karpenter',
    });
  }
}

/** The objects of a service besides its workload, with the failure its cluster carries. */
export function addServiceExamples(
  b: ObjectSink,
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  pods: K8sObject[],
  labels: Record<string, string>,
) {
  const ns = service.team.namespace;
  const es = b.add(
    'external-secrets.io/v1beta1/externalsecrets',
    externalSecret(scenario, service, cluster, labels),
    service.createdAt,
  );
  const failure = service.deployments[cluster].failure;
  if (failure === 'secret-sync-error') {
    const key = (es.spec as any).data[1].remoteRef.key;
    addEvent(b, {
      now: scenario.now,
      namespace: ns,
      involvedObject: {
        kind: 'ExternalSecret',
        namespace: ns,
        name: es.metadata.name,
        apiVersion: 'external-secrets.io/v1beta1',
      },
      type: 'Warning',
      reason: 'UpdateFailed',
      message: `error processing spec.data[1] (key: ${key}), err: Secrets Manager can't find the specified secret.`,
      count: 12,
      firstAgo: 5 * MINUTE,
      lastAgo: 20_000,
      component: 'external-secrets',
    });
  }
  if (service.kind === 'api' && cluster === 'prod') {
    const cert = b.add(
      'cert-manager.io/v1/certificates',
      certificate(scenario, service, labels),
      service.createdAt,
    );
    if (failure === 'certificate-not-ready') {
      addEvent(b, {
        now: scenario.now,
        namespace: ns,
        involvedObject: {
          kind: 'Certificate',
          namespace: ns,
          name: cert.metadata.name,
          apiVersion: 'cert-manager.io/v1',
        },
        type: 'Warning',
        reason: 'Failed',
        message: certificateFailure(cert.metadata.name),
        count: 3,
        firstAgo: 3 * 3_600_000,
        lastAgo: 40 * MINUTE,
        component: 'cert-manager-certificates-issuing',
      });
    }
  }
  if (failure === 'pdb-blocking') {
    addDisruptionBlocked(b, scenario, service, cluster, pods);
  }
}
