import {
  AWS_ACCOUNT_ID,
  AWS_REGION,
  CLUSTER_SETUPS,
  CURATED_SERVICES,
  DAY_MS,
  ECR_REGISTRY,
  HOUR_MS,
  KNOWN_VULNERABILITIES,
  TEAMS,
  TEAM_MEMBERS,
  listPrice,
} from './constants';
import { Rng, hashString, stableHex } from './random';
import {
  CLUSTER_NAMES,
  CapacityType,
  ClusterName,
  Deploy,
  FailureMode,
  FindingRecord,
  NodeLifetime,
  Release,
  ScenarioOptions,
  Service,
  ServiceDeployment,
  SeverityLabel,
} from './types';

export const DEFAULT_SCENARIO_OPTIONS = {
  seed: 42,
  services: CURATED_SERVICES.length,
  nodes: 18,
  findings: 400,
  days: 30,
};

/**
 * Karpenter node history (and so billed EC2 cost) spans at least this many days whatever `days`
 * is: Cost Explorer and OpenCost keep 90 days, and platform cost backfills that much.
 */
export const NODE_HISTORY_DAYS = 90;

/** Scale used by the benchmark (`--scale benchmark`). */
export const BENCHMARK_SCENARIO_OPTIONS = {
  seed: 42,
  services: 500,
  nodes: 600,
  findings: 50_000,
  days: 90,
};

/** Which of the first services carry which failure (index → cluster → mode). */
const FAILURES: ReadonlyArray<{
  serviceIndex: number;
  cluster: ClusterName;
  mode: FailureMode;
}> = [
  // refunds-worker: the release in nonprod crash-loops (Argo CD: Degraded)
  { serviceIndex: 8, cluster: 'nonprod', mode: 'crash-loop' },
  // checkout-api: a promotion commit is in git but not synced to prod
  { serviceIndex: 5, cluster: 'prod', mode: 'out-of-sync' },
  // recommendations: moved to the arm64 Graviton pool with an amd64-only image
  { serviceIndex: 10, cluster: 'prod', mode: 'arch-mismatch' },
  // auth-service: a rollout is in progress in prod
  { serviceIndex: 7, cluster: 'prod', mode: 'progressing' },
  // The live examples of the platform's common failures (README: "Service overview and explanations").
  { serviceIndex: 12, cluster: 'prod', mode: 'hook-failed' },
  { serviceIndex: 12, cluster: 'nonprod', mode: 'oom-killed' },
  { serviceIndex: 13, cluster: 'prod', mode: 'pdb-blocking' },
  { serviceIndex: 13, cluster: 'nonprod', mode: 'image-not-found' },
  { serviceIndex: 14, cluster: 'prod', mode: 'certificate-not-ready' },
  { serviceIndex: 14, cluster: 'nonprod', mode: 'secret-sync-error' },
  { serviceIndex: 15, cluster: 'prod', mode: 'sync-failed' },
  { serviceIndex: 15, cluster: 'nonprod', mode: 'image-unauthorized' },
  { serviceIndex: 16, cluster: 'prod', mode: 'sidecar-missing' },
  { serviceIndex: 16, cluster: 'nonprod', mode: 'progress-deadline' },
];

/** A registry in another AWS account, which the nodes get no pull credentials for. */
export const FOREIGN_REGISTRY = '210987654321.dkr.ecr.us-east-1.amazonaws.com';

/** Index of the service whose latest prod release regressed latency and errors. */
export const REGRESSED_SERVICE_INDEX = 0;

export interface Scenario {
  options: Required<Omit<ScenarioOptions, 'now'>>;
  now: number;
  /** Start of the history window (now - days). */
  start: number;
  accountId: string;
  region: string;
  registry: string;
  teams: typeof TEAMS;
  services: Service[];
  serviceByName: Map<string, Service>;
  /** Every node that existed during the history window, running or not. */
  nodeHistory: NodeLifetime[];
  /** Nodes running now, per cluster. */
  nodes: Record<ClusterName, NodeLifetime[]>;
  findings: FindingRecord[];
}

function resolveOptions(options: ScenarioOptions) {
  const resolved = { ...DEFAULT_SCENARIO_OPTIONS };
  for (const key of Object.keys(resolved) as Array<keyof typeof resolved>) {
    const value = options[key];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) {
        throw new Error(`Invalid scenario option ${key}=${value}`);
      }
      resolved[key] = Math.floor(value);
    }
  }
  resolved.services = Math.max(1, resolved.services);
  resolved.nodes = Math.max(4, resolved.nodes);
  resolved.days = Math.max(2, resolved.days);
  return resolved;
}

/**
 * Creates the simulated platform: both clusters, their Karpenter nodes and
 * consolidation history, services with releases and deploys, failures and
 * findings. Deterministic for a given seed and `now`.
 */
export function createScenario(options: ScenarioOptions = {}): Scenario {
  const opts = resolveOptions(options);
  const now =
    Math.floor((options.now?.getTime() ?? Date.now()) / HOUR_MS) * HOUR_MS;
  const start = now - opts.days * DAY_MS;
  const rng = new Rng(opts.seed);

  const services: Service[] = [];
  for (let i = 0; i < opts.services; i++) {
    services.push(createService(i, opts.seed, now, start));
  }
  for (const failure of FAILURES) {
    const service = services[failure.serviceIndex];
    if (service) {
      applyFailure(service, failure.cluster, failure.mode, now, opts.seed);
    }
  }

  const { nodes, nodeHistory } = createNodes(
    rng,
    opts.nodes,
    now,
    Math.min(start, now - NODE_HISTORY_DAYS * DAY_MS),
  );
  const findings = createFindings(
    opts.findings,
    opts.seed,
    services,
    nodeHistory,
    now,
  );

  return {
    options: opts,
    now,
    start,
    accountId: AWS_ACCOUNT_ID,
    region: AWS_REGION,
    registry: ECR_REGISTRY,
    teams: TEAMS,
    services,
    serviceByName: new Map(services.map(s => [s.name, s])),
    nodeHistory,
    nodes,
    findings,
  };
}

function serviceName(index: number): string {
  if (index < CURATED_SERVICES.length) {
    return CURATED_SERVICES[index].name;
  }
  const team = TEAMS[index % TEAMS.length];
  return `${team.namespace}-svc-${String(index).padStart(3, '0')}`;
}

function createService(
  index: number,
  seed: number,
  now: number,
  start: number,
): Service {
  const name = serviceName(index);
  const team = TEAMS[index % TEAMS.length];
  const curated = CURATED_SERVICES[index];
  const rng = new Rng(`${seed}:service:${name}`);
  const kind = curated?.kind ?? (rng.chance(0.25) ? 'worker' : 'api');
  const days = (now - start) / DAY_MS;

  // Releases spread over the history window, during working hours.
  const releaseCount = Math.max(
    4,
    Math.round(days / rng.int(2, 4)) + rng.int(0, 2),
  );
  const span = now - start - 6 * HOUR_MS;
  const releases: Release[] = [];
  let minor = rng.int(2, 20);
  let patch = 0;
  for (let r = 0; r < releaseCount; r++) {
    const slot = start + (span * (r + rng.next() * 0.6)) / releaseCount;
    const day = Math.floor(slot / DAY_MS) * DAY_MS;
    const pushedAt = Math.min(
      now - 2 * HOUR_MS,
      day + (8 + rng.int(0, 9)) * HOUR_MS + rng.int(0, 59) * 60_000,
    );
    if (rng.chance(0.3)) {
      patch++;
    } else {
      minor++;
      patch = 0;
    }
    const regressed = rng.chance(0.08);
    releases.push({
      version: `1.${minor}.${patch}`,
      sourceSha: stableHex(`${seed}:src:${name}:${r}`, 40),
      digest: stableHex(`${seed}:img:${name}:${r}`, 64),
      pushedAt,
      latencyFactor: regressed ? 1.6 : 0.95 + rng.next() * 0.1,
      errorFactor: regressed ? 3 : 0.9 + rng.next() * 0.2,
    });
  }
  releases.sort((a, b) => a.pushedAt - b.pushedAt);
  if (index === REGRESSED_SERVICE_INDEX) {
    const last = releases[releases.length - 1];
    last.latencyFactor = 1.7;
    last.errorFactor = 4;
  }

  const members = TEAM_MEMBERS[team.name];
  const deployments = {} as Record<ClusterName, ServiceDeployment>;
  for (const cluster of CLUSTER_NAMES) {
    const history: Deploy[] = [];
    releases.forEach((release, r) => {
      const isLast = r === releases.length - 1;
      let deployStartedAt: number;
      if (cluster === 'nonprod') {
        deployStartedAt = release.pushedAt + rng.int(5, 40) * 60_000;
      } else {
        // every third service keeps nonprod ahead: its last release is not promoted yet
        const promote =
          r === 0 || (rng.chance(0.75) && !(isLast && index % 3 === 1));
        if (!promote) {
          return;
        }
        deployStartedAt = release.pushedAt + rng.int(20, 60) * HOUR_MS;
      }
      if (deployStartedAt > now - 30 * 60_000) {
        if (r !== 0) {
          return;
        }
        deployStartedAt = release.pushedAt;
      }
      const author = rng.pick(members);
      history.push({
        id: history.length + 1,
        releaseIndex: r,
        revision: stableHex(`${seed}:gitops:${name}:${cluster}:${r}`, 40),
        deployStartedAt,
        deployedAt: deployStartedAt + rng.int(30, 240) * 1000,
        author,
        message: `chore(${name}): deploy ${release.version} to ${cluster}`,
      });
    });
    deployments[cluster] = {
      cluster,
      history,
      replicas:
        cluster === 'prod'
          ? rng.int(kind === 'worker' ? 1 : 2, 4)
          : rng.int(1, 2),
      sync: 'Synced',
      health: 'Healthy',
    };
  }
  // The regressed release must be live in prod to show a deploy-related change.
  if (index === REGRESSED_SERVICE_INDEX) {
    ensureLatestIn(deployments.prod, releases, name, seed, now, members[0]);
  }

  return {
    name,
    team,
    kind,
    lifecycle: 'production',
    description: curated?.description ?? `Generated ${kind} of ${team.title}.`,
    repository: `${team.namespace}/${name}`,
    operation: kind === 'api' ? 'http.request' : 'worker.process',
    multiArch: rng.chance(0.8),
    cpuRequestMilli: rng.pick([100, 250, 250, 500, 500, 1000]),
    memoryRequestMi: rng.pick([256, 512, 512, 1024, 2048]),
    peakRps: kind === 'api' ? rng.int(20, 400) : rng.int(2, 20),
    baseLatencyMs: kind === 'api' ? rng.int(15, 120) : rng.int(200, 2000),
    baseErrorRate: 0.001 + rng.next() * 0.004,
    createdAt: start - rng.int(30, 400) * DAY_MS,
    releases,
    deployments,
  };
}

/** Makes sure the last release is deployed (as the newest deploy) in a cluster. */
function ensureLatestIn(
  deployment: ServiceDeployment,
  releases: Release[],
  name: string,
  seed: number,
  now: number,
  author: string,
) {
  const lastIndex = releases.length - 1;
  const current = deployment.history[deployment.history.length - 1];
  if (current?.releaseIndex === lastIndex) {
    return;
  }
  const release = releases[lastIndex];
  const deployStartedAt = Math.min(
    now - HOUR_MS,
    Math.max(release.pushedAt + HOUR_MS, now - 20 * HOUR_MS),
  );
  deployment.history.push({
    id: deployment.history.length + 1,
    releaseIndex: lastIndex,
    revision: stableHex(
      `${seed}:gitops:${name}:${deployment.cluster}:${lastIndex}`,
      40,
    ),
    deployStartedAt,
    deployedAt: deployStartedAt + 90_000,
    author,
    message: `chore(${name}): deploy ${release.version} to ${deployment.cluster}`,
  });
}

function applyFailure(
  service: Service,
  cluster: ClusterName,
  mode: FailureMode,
  now: number,
  seed: number,
) {
  const deployment = service.deployments[cluster];
  const author = TEAM_MEMBERS[service.team.name][0];
  deployment.failure = mode;
  switch (mode) {
    case 'crash-loop': {
      ensureLatestIn(
        deployment,
        service.releases,
        service.name,
        seed,
        now,
        author,
      );
      const release = service.releases[service.releases.length - 1];
      release.errorFactor = 25;
      deployment.health = 'Degraded';
      keepProdBehind(service);
      break;
    }
    case 'out-of-sync':
    case 'sync-failed':
    case 'hook-failed': {
      deployment.sync = 'OutOfSync';
      deployment.targetRevision = stableHex(
        `${seed}:gitops:${service.name}:${cluster}:pending`,
        40,
      );
      break;
    }
    case 'image-not-found':
    case 'image-unauthorized':
    case 'secret-sync-error': {
      deployment.health = 'Progressing';
      if (mode === 'image-unauthorized') {
        deployment.imageRegistry = FOREIGN_REGISTRY;
      }
      rolloutNow(deployment, service, seed, now, author);
      if (cluster === 'nonprod') keepProdBehind(service);
      break;
    }
    case 'progress-deadline': {
      // started long enough ago to pass the Deployment's 600 s progress deadline
      deployment.health = 'Degraded';
      rolloutNow(deployment, service, seed, now, author, 25 * 60_000);
      if (cluster === 'nonprod') keepProdBehind(service);
      break;
    }
    case 'arch-mismatch': {
      // Pods that cannot start never become available: by the time anyone looks, the rollout has
      // passed its 600 s progress deadline and Argo CD reports the Deployment Degraded (a
      // 'Progressing' state here would turn into a review reason only minutes after start-up).
      service.multiArch = false;
      deployment.nodePool = 'graviton';
      deployment.health = 'Degraded';
      rolloutNow(deployment, service, seed, now, author, 25 * 60_000);
      break;
    }
    case 'progressing': {
      deployment.health = 'Progressing';
      rolloutNow(deployment, service, seed, now, author);
      break;
    }
    default:
      break;
  }
}

/** Makes sure prod still runs an older, healthy release than nonprod's failing newest one. */
function keepProdBehind(service: Service) {
  const prod = service.deployments.prod;
  const prodLast = prod.history[prod.history.length - 1];
  if (
    prod.history.length > 1 &&
    prodLast.releaseIndex === service.releases.length - 1
  ) {
    prod.history.pop();
  }
}

/** Adds a deploy of the newest release that started minutes ago. */
function rolloutNow(
  deployment: ServiceDeployment,
  service: Service,
  seed: number,
  now: number,
  author: string,
  startedAgo = 4 * 60_000,
) {
  const lastIndex = service.releases.length - 1;
  const current = deployment.history[deployment.history.length - 1];
  if (current?.releaseIndex === lastIndex) {
    deployment.history.pop();
  }
  const release = service.releases[lastIndex];
  release.pushedAt = Math.min(release.pushedAt, now - 2 * HOUR_MS);
  const deployStartedAt = now - startedAgo;
  deployment.history.push({
    id: (deployment.history[deployment.history.length - 1]?.id ?? 0) + 1,
    releaseIndex: lastIndex,
    revision: stableHex(
      `${seed}:gitops:${service.name}:${deployment.cluster}:${lastIndex}`,
      40,
    ),
    deployStartedAt,
    deployedAt: deployStartedAt + 30_000,
    author,
    message: `chore(${service.name}): deploy ${release.version} to ${deployment.cluster}`,
  });
}

/**
 * EC2-style private DNS name, unique per node serial (below 8 × 65,536): the serial picks one of
 * 8 subnets and, multiplied by an odd number mod 2^16 (a bijection), the last two octets, so names
 * look scattered but never repeat.
 */
function nodeName(cluster: ClusterName, index: number, seed: number): string {
  const offset = hashString(`${seed}:${cluster}:node`) & 0xffff;
  const host = (Math.floor(index / 8) * 40503 + offset) & 0xffff;
  const subnet = cluster === 'prod' ? 10 : 20;
  // EC2's private DNS: `<region>.compute.internal`, except us-east-1's `ec2.internal`.
  const { region } = CLUSTER_SETUPS[cluster];
  const domain =
    region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-10-${subnet + (index % 8)}-${host >>> 8}-${host & 255}.${domain}`;
}

function createNodes(
  rng: Rng,
  total: number,
  now: number,
  start: number,
): Pick<Scenario, 'nodes' | 'nodeHistory'> {
  const nodes: Record<ClusterName, NodeLifetime[]> = { prod: [], nonprod: [] };
  const nodeHistory: NodeLifetime[] = [];
  const prodCount = Math.ceil(total * 0.6);
  let serial = 0;

  const launch = (
    cluster: ClusterName,
    poolIndex: number,
    createdAt: number,
    deletedAt?: number,
  ): NodeLifetime => {
    const setup = CLUSTER_SETUPS[cluster];
    const pool = setup.nodePools[poolIndex];
    const instanceType = rng.pick(pool.instanceTypes);
    const capacityType: CapacityType =
      pool.capacityTypes.length === 1
        ? pool.capacityTypes[0]
        : rng.weighted<CapacityType>([
            ['spot', cluster === 'prod' ? 0.6 : 0.9],
            ['on-demand', cluster === 'prod' ? 0.4 : 0.1],
          ]);
    const price = listPrice(instanceType, setup.region);
    const seq = serial++;
    const lifetime: NodeLifetime = {
      name: nodeName(cluster, seq, hashString(String(now))),
      instanceId: `i-0${stableHex(`instance:${seq}`, 16)}`,
      cluster,
      nodePool: pool.name,
      instanceType,
      capacityType,
      arch: pool.arch,
      region: setup.region,
      zone: setup.zones[seq % setup.zones.length],
      hourlyPrice:
        capacityType === 'spot'
          ? Math.round(price * (0.28 + rng.next() * 0.12) * 10000) / 10000
          : price,
      createdAt,
    };
    if (deletedAt !== undefined) {
      lifetime.deletedAt = deletedAt;
      lifetime.disruptionReason =
        capacityType === 'spot' && rng.chance(0.2)
          ? 'SpotInterruption'
          : rng.weighted([
              ['Underutilized', 0.6],
              ['Empty', 0.2],
              ['Drifted', 0.15],
              ['Expired', 0.05],
            ]);
    }
    nodeHistory.push(lifetime);
    return lifetime;
  };

  for (const cluster of CLUSTER_NAMES) {
    const count = cluster === 'prod' ? prodCount : total - prodCount;
    // pool shares: general 50 %, graviton 30 % (prod) / 40 %, critical 20 % (prod only)
    for (let i = 0; i < count; i++) {
      let poolIndex: number;
      if (i === 0) poolIndex = 0;
      else if (i === 1) poolIndex = 1;
      else if (i === 2 && cluster === 'prod') poolIndex = 2;
      else {
        const r = (i * 0.618034) % 1;
        if (cluster === 'prod') poolIndex = [0.5, 0.8, 1].findIndex(x => r < x);
        else poolIndex = r < 0.6 ? 0 : 1;
      }
      const createdAt = now - rng.int(1, 14 * 24) * HOUR_MS;
      const node = launch(cluster, poolIndex, createdAt);
      nodes[cluster].push(node);
      // predecessors in the same slot: nodes come and go
      let end = createdAt;
      while (end > start) {
        const begin = end - rng.int(12, 10 * 24) * HOUR_MS;
        launch(cluster, poolIndex, begin, end);
        end = begin - rng.int(0, 2) * HOUR_MS;
      }
    }
    // consolidation: about a third more nodes early in the window, since removed
    const extra = Math.round(count * 0.45);
    const window = now - start;
    for (let i = 0; i < extra; i++) {
      const poolIndex = i % (cluster === 'prod' ? 3 : 2);
      const deletedAt = start + window * (0.1 + rng.next() * 0.4);
      launch(
        cluster,
        poolIndex,
        start - rng.int(1, 10) * DAY_MS,
        Math.floor(deletedAt),
      );
    }
  }
  return { nodes, nodeHistory };
}

const SEVERITY_BY_CVSS: Array<[number, SeverityLabel]> = [
  [9, 'CRITICAL'],
  [7, 'HIGH'],
  [4, 'MEDIUM'],
  [0.1, 'LOW'],
  [0, 'INFORMATIONAL'],
];

export function severityForCvss(cvss: number): SeverityLabel {
  return SEVERITY_BY_CVSS.find(([min]) => cvss >= min)![1];
}

const SYNTHETIC_PACKAGES = [
  'libxml2',
  'libtasn1-6',
  'sqlite3',
  'perl-base',
  'ncurses-base',
  'lodash',
  'axios',
  'jsonwebtoken',
  'protobufjs',
  'semver',
  'google.golang.org/grpc',
  'requests',
  'urllib3',
  'jinja2',
  'libgnutls30',
  'krb5',
];

export interface Vulnerability {
  cve: string;
  packageName: string;
  packageVersion: string;
  fixedInVersion?: string;
  cvss: number;
}

/** Vulnerability number `n`: the known ones first, then synthetic ones. */
export function vulnerability(n: number): Vulnerability {
  if (n < KNOWN_VULNERABILITIES.length) {
    return KNOWN_VULNERABILITIES[n];
  }
  const h = hashString(`vuln:${n}`);
  const cvss = Math.round((2 + (h % 79) / 10) * 10) / 10;
  return {
    cve: `CVE-${2021 + (h % 5)}-${10000 + (n % 40000)}`,
    packageName: SYNTHETIC_PACKAGES[(h >>> 8) % SYNTHETIC_PACKAGES.length],
    packageVersion: `${1 + ((h >>> 4) % 4)}.${(h >>> 12) % 20}.${
      (h >>> 16) % 10
    }`,
    fixedInVersion:
      h % 4 === 0
        ? undefined
        : `${1 + ((h >>> 4) % 4)}.${((h >>> 12) % 20) + 1}.0`,
    cvss,
  };
}

/** Releases that run now in either cluster (index into service.releases). */
export function runningReleaseIndexes(service: Service): number[] {
  const running = new Set<number>();
  for (const cluster of CLUSTER_NAMES) {
    for (const deploy of currentDeploys(service, cluster)) {
      running.add(deploy.releaseIndex);
    }
  }
  return [...running];
}

/** Failures whose pods never start a container: the image is never pulled (no `imageID`). */
const NEVER_STARTS: ReadonlySet<string> = new Set([
  'arch-mismatch',
  'image-not-found',
  'image-unauthorized',
  'secret-sync-error',
]);

/**
 * Deploys whose containers run now in a cluster (their pods report the image digest): those of
 * {@link currentDeploys}, less the newest when its failure keeps it from ever starting.
 */
export function startedDeploys(
  service: Service,
  cluster: ClusterName,
): Deploy[] {
  const deploys = currentDeploys(service, cluster);
  const failure = service.deployments[cluster].failure;
  if (!failure || !NEVER_STARTS.has(failure)) return deploys;
  return deploys.slice(0, -1);
}

/**
 * Deploys whose pods run now in a cluster: the newest, plus the previous one
 * while a rollout is still in progress.
 */
export function currentDeploys(
  service: Service,
  cluster: ClusterName,
): Deploy[] {
  const deployment = service.deployments[cluster];
  const history = deployment.history;
  const last = history[history.length - 1];
  if (!last) return [];
  if (
    (deployment.health === 'Progressing' ||
      deployment.failure === 'crash-loop' ||
      deployment.failure === 'progress-deadline') &&
    history.length > 1
  ) {
    return [history[history.length - 2], last];
  }
  return [last];
}

function createFindings(
  count: number,
  seed: number,
  services: Service[],
  nodeHistory: NodeLifetime[],
  now: number,
): FindingRecord[] {
  const findings: FindingRecord[] = new Array(count);
  const running = services.map(runningReleaseIndexes);
  const runningNodes = nodeHistory.filter(n => n.deletedAt === undefined);
  const vulnerabilityPool = Math.max(
    KNOWN_VULNERABILITIES.length,
    Math.min(4000, Math.ceil(count / 10)),
  );
  const rng = new Rng(`${seed}:findings`);
  const s = services.length;
  // first pass: every running image has at least one finding
  const firstPass = running.reduce((n, r) => n + r.length, 0);
  for (let i = 0; i < count; i++) {
    let serviceIndex: number;
    let releaseIndex: number;
    let resourceType: FindingRecord['resourceType'] = 'AwsEcrContainerImage';
    let findingNode: string | undefined;
    let resourceId: string;
    if (i < firstPass) {
      let k = i;
      serviceIndex = 0;
      while (k >= running[serviceIndex].length) {
        k -= running[serviceIndex].length;
        serviceIndex++;
      }
      releaseIndex = running[serviceIndex][k];
    } else if (rng.chance(0.04) && runningNodes.length > 0) {
      serviceIndex = -1;
      releaseIndex = -1;
      resourceType = 'AwsEc2Instance';
    } else {
      serviceIndex = rng.int(0, s - 1);
      const service = services[serviceIndex];
      releaseIndex = rng.chance(0.65)
        ? rng.pick(running[serviceIndex])
        : rng.int(0, service.releases.length - 1);
    }
    const vuln = vulnerability(
      (i * 7919 + Math.max(0, releaseIndex) * 31) % vulnerabilityPool,
    );
    let observedFrom: number;
    let stillRunning = true;
    if (resourceType === 'AwsEc2Instance') {
      const node = runningNodes[rng.int(0, runningNodes.length - 1)];
      findingNode = node.name;
      resourceId = `arn:aws:ec2:${AWS_REGION}:${AWS_ACCOUNT_ID}:instance/${node.instanceId}`;
      observedFrom = node.createdAt;
    } else {
      const service = services[serviceIndex];
      const release = service.releases[releaseIndex];
      resourceId = `arn:aws:ecr:${AWS_REGION}:${AWS_ACCOUNT_ID}:repository/${service.repository}/sha256:${release.digest}`;
      observedFrom = release.pushedAt;
      stillRunning = running[serviceIndex].includes(releaseIndex);
    }
    const firstObservedAt = Math.min(
      now - HOUR_MS,
      observedFrom + rng.int(10, 600) * 60_000,
    );
    const archived = !stillRunning && rng.chance(0.3);
    findings[i] = {
      index: i,
      serviceIndex,
      releaseIndex,
      resourceType,
      cve: vuln.cve,
      packageName: vuln.packageName,
      packageVersion: vuln.packageVersion,
      fixedInVersion: vuln.fixedInVersion,
      severity: severityForCvss(vuln.cvss),
      cvss: vuln.cvss,
      recordState: archived ? 'ARCHIVED' : 'ACTIVE',
      workflowStatus: archived
        ? 'RESOLVED'
        : rng.weighted([
            ['NEW', 0.72],
            ['NOTIFIED', 0.2],
            ['SUPPRESSED', 0.05],
            ['RESOLVED', 0.03],
          ] as const),
      firstObservedAt,
      updatedAt: Math.max(
        firstObservedAt,
        now - rng.int(5, archived ? 20 * 24 * 60 : 48 * 60) * 60_000,
      ),
      resourceId,
      nodeName: findingNode,
    };
  }
  return findings;
}
