import { Scenario } from './createScenario';
import { stableHex, stableUuid } from './random';
import { ClusterName, Deploy, Service } from './types';

/** A kubelet (or controller) event about a pod, before it becomes an `Event` object. */
export interface PodEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  /** Milliseconds before now of the first and the last occurrence. */
  firstAgo: number;
  lastAgo: number;
}

/** How a pod of the newest deploy looks when its cluster carries a failure. */
export interface PodState {
  phase: string;
  containerStatus: Record<string, unknown>;
  /** The pod's log, if it wrote one. */
  log?: string;
  events: PodEvent[];
  /** PodMetrics memory (KiB) when the metrics API has a sample; undefined: no sample. */
  memoryKi?: number;
}

export interface PodFacts {
  scenario: Scenario;
  service: Service;
  cluster: ClusterName;
  deploy: Deploy;
  podName: string;
  image: string;
  imageID: string;
  /** The state of a healthy pod, which some failures only amend. */
  running: Record<string, unknown>;
  /** The healthy pod's memory sample (KiB). */
  memoryKi: number;
}

const MINUTE = 60_000;

/** The name of the Secret the service's ExternalSecret writes. */
export const secretNameOf = (service: Service) => `${service.name}-secrets`;

function crashLoop(f: PodFacts): PodState {
  const { service, podName, cluster } = f;
  const version = service.releases[f.deploy.releaseIndex].version;
  return {
    phase: 'Running',
    containerStatus: {
      ready: false,
      started: false,
      restartCount: 14,
      image: f.image,
      imageID: f.imageID,
      containerID: `containerd://${stableHex(podName, 64)}`,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 5m0s restarting failed container=${
            service.name
          } pod=${podName}_${service.team.namespace}(${stableUuid(podName)})`,
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: new Date(f.scenario.now - 6 * MINUTE).toISOString(),
          finishedAt: new Date(
            f.scenario.now - 6 * MINUTE + 4000,
          ).toISOString(),
          containerID: `containerd://${stableHex(`${podName}:prev`, 64)}`,
        },
      },
    },
    log: [
      `{"level":"info","msg":"starting ${service.name} ${version}","dd.env":"${cluster}"}`,
      `{"level":"info","msg":"connecting to database"}`,
      `{"level":"error","msg":"missing required environment variable REFUNDS_QUEUE_URL"}`,
      `{"level":"fatal","msg":"configuration invalid, exiting"}`,
    ].join('\n'),
    events: [
      {
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container ${
          service.name
        } in pod ${podName}_${service.team.namespace}(${stableUuid(podName)})`,
        count: 60,
        firstAgo: 50 * MINUTE,
        lastAgo: MINUTE,
      },
    ],
  };
}

/** Waiting on an image pull, with the kubelet's `Failed` events carrying the runtime's error. */
function pullFailure(f: PodFacts, error: string, code: string): PodState {
  const pulled = `Failed to pull image "${f.image}": rpc error: code = ${code} desc = ${error}`;
  return {
    phase: 'Pending',
    containerStatus: {
      ready: false,
      started: false,
      restartCount: 0,
      image: f.image,
      imageID: '',
      state: {
        waiting: {
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${f.image}": ${error}`,
        },
      },
      lastState: {},
    },
    events: [
      {
        type: 'Normal',
        reason: 'Pulling',
        message: `Pulling image "${f.image}"`,
        count: 5,
        firstAgo: 4 * MINUTE,
        lastAgo: MINUTE,
      },
      {
        type: 'Warning',
        reason: 'Failed',
        message: pulled,
        count: 5,
        firstAgo: 4 * MINUTE,
        lastAgo: MINUTE,
      },
      {
        type: 'Warning',
        reason: 'Failed',
        message: 'Error: ErrImagePull',
        count: 5,
        firstAgo: 4 * MINUTE,
        lastAgo: MINUTE,
      },
      {
        type: 'Normal',
        reason: 'BackOff',
        message: `Back-off pulling image "${f.image}"`,
        count: 12,
        firstAgo: 4 * MINUTE,
        lastAgo: 20_000,
      },
    ],
  };
}

function archMismatch(f: PodFacts): PodState {
  return pullFailure(
    f,
    `failed to pull and unpack image "${f.image}": no match for platform in manifest: not found`,
    'NotFound',
  );
}

function imageNotFound(f: PodFacts): PodState {
  return pullFailure(
    f,
    `failed to pull and unpack image "${f.image}": failed to resolve reference "${f.image}": ${f.image}: not found`,
    'NotFound',
  );
}

function imageUnauthorized(f: PodFacts): PodState {
  return pullFailure(
    f,
    `failed to pull and unpack image "${f.image}": failed to resolve reference "${f.image}": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials`,
    'Unknown',
  );
}

function oomKilled(f: PodFacts): PodState {
  const limitKi = f.service.memoryRequestMi * 2 * 1024;
  const finishedAt = f.scenario.now - 18 * MINUTE;
  return {
    phase: 'Running',
    containerStatus: {
      ...f.running,
      restartCount: 6,
      lastState: {
        terminated: {
          exitCode: 137,
          reason: 'OOMKilled',
          startedAt: new Date(finishedAt - 55 * MINUTE).toISOString(),
          finishedAt: new Date(finishedAt).toISOString(),
          containerID: `containerd://${stableHex(`${f.podName}:oom`, 64)}`,
        },
      },
    },
    events: [
      {
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${f.image}" already present on machine`,
        count: 6,
        firstAgo: 6 * 60 * MINUTE,
        lastAgo: 18 * MINUTE,
      },
    ],
    memoryKi: Math.round(limitKi * 0.97),
  };
}

function secretMissing(f: PodFacts): PodState {
  const message = `secret "${secretNameOf(f.service)}" not found`;
  return {
    phase: 'Pending',
    containerStatus: {
      ready: false,
      started: false,
      restartCount: 0,
      image: f.image,
      imageID: '',
      state: { waiting: { reason: 'CreateContainerConfigError', message } },
      lastState: {},
    },
    events: [
      {
        type: 'Warning',
        reason: 'Failed',
        message: `Error: ${message}`,
        count: 20,
        firstAgo: 4 * MINUTE,
        lastAgo: 15_000,
      },
    ],
  };
}

function neverReady(f: PodFacts): PodState {
  return {
    phase: 'Running',
    containerStatus: { ...f.running, ready: false },
    log: `{"level":"warn","msg":"GET /healthz 503: warming feature cache (0 of 48 models loaded)"}`,
    events: [
      {
        type: 'Warning',
        reason: 'Unhealthy',
        message:
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
        count: 148,
        firstAgo: 25 * MINUTE,
        lastAgo: 10_000,
      },
    ],
    memoryKi: f.memoryKi,
  };
}

function sidecarMissing(f: PodFacts): PodState {
  return {
    phase: 'Running',
    containerStatus: f.running,
    log: [
      `{"level":"info","msg":"${f.service.name} listening on :8080","dd.env":"${f.cluster}"}`,
      `{"level":"error","msg":"POST http://ledger-service.${f.service.team.namespace}.svc.cluster.local/v1/holds failed: 503 Service Unavailable: upstream connect error or disconnect/reset before headers. reset reason: connection termination"}`,
    ].join('\n'),
    events: [],
    memoryKi: f.memoryKi,
  };
}

const BY_FAILURE: Partial<Record<string, (f: PodFacts) => PodState>> = {
  'crash-loop': crashLoop,
  'arch-mismatch': archMismatch,
  'image-not-found': imageNotFound,
  'image-unauthorized': imageUnauthorized,
  'oom-killed': oomKilled,
  'secret-sync-error': secretMissing,
  'progress-deadline': neverReady,
  'sidecar-missing': sidecarMissing,
};

/** The state of a pod of the newest deploy in a failing cluster, or undefined when it runs normally. */
export function failingPodState(f: PodFacts): PodState | undefined {
  const failure = f.service.deployments[f.cluster].failure;
  const make = failure ? BY_FAILURE[failure] : undefined;
  return make?.(f);
}
