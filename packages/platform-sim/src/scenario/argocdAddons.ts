import { GITOPS_REPO_URL } from './constants';
import { Scenario } from './createScenario';
import { dockerHubImage, ISTIO_VERSION } from './podImages';
import { stableHex, stableUuid } from './random';
import type { ArgoApplication, RevisionMetadata } from './argocd';
import { ClusterName } from './types';

/**
 * Applications in each Argo CD that are not services and carry none of Pier's labels, as
 * gitops-bridge and the add-on ApplicationSets of infra/gitops create them: the `cluster-addons`
 * app of apps (no images at all) and multi-source add-ons (`spec.sources`, `status.sync.revisions`,
 * history entries with `revisions` and no `revision`), whose metadata has no labels.
 */

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Chart versions per environment, as infra/gitops/addons/*.yaml pin them. */
const CERT_MANAGER: Record<ClusterName, string> = {
  prod: 'v1.18.3',
  nonprod: 'v1.19.1',
};

interface AddonSpec {
  name: string;
  namespace: string;
  chartRepo: string;
  chart: string;
  version: string;
  images: string[];
  workloads: string[];
}

function addons(scenario: Scenario, cluster: ClusterName): AddonSpec[] {
  const certManager = CERT_MANAGER[cluster];
  return [
    {
      name: 'addon-cert-manager',
      namespace: 'cert-manager',
      chartRepo: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      version: certManager,
      images: ['cainjector', 'controller', 'webhook'].map(
        c => `quay.io/jetstack/cert-manager-${c}:${certManager}`,
      ),
      workloads: [
        'cert-manager',
        'cert-manager-cainjector',
        'cert-manager-webhook',
      ],
    },
    {
      name: 'addon-istiod',
      namespace: 'istio-system',
      chartRepo: 'https://istio-release.storage.googleapis.com/charts',
      chart: 'istiod',
      version: ISTIO_VERSION,
      images: [
        dockerHubImage(
          scenario.registry,
          cluster,
          `istio/pilot:${ISTIO_VERSION}`,
        ),
      ],
      workloads: ['istiod'],
    },
  ];
}

function addonApp(
  scenario: Scenario,
  cluster: ClusterName,
  spec: AddonSpec,
  revisions: Map<string, RevisionMetadata>,
): ArgoApplication {
  const basepath = '';
  const valuesRevision = stableHex(
    `${scenario.options.seed}:addons:${cluster}`,
    40,
  );
  const deployedAt = scenario.now - 6 * 24 * 3600_000;
  revisions.set(valuesRevision, {
    author: 'platform-bot <platform-bot@example.com>',
    date: iso(deployedAt - 3600_000),
    message: `chore(addons): ${cluster} values`,
  });
  const sources = [
    { repoURL: GITOPS_REPO_URL, targetRevision: 'main', ref: 'values' },
    {
      repoURL: spec.chartRepo,
      chart: spec.chart,
      targetRevision: spec.version,
      helm: {
        releaseName: spec.chart,
        valueFiles: [
          `$values/${basepath}environments/default/addons/${spec.chart}/values.yaml`,
          `$values/${basepath}environments/${cluster}/addons/${spec.chart}/values.yaml`,
          `$values/${basepath}clusters/${cluster}/addons/${spec.chart}/values.yaml`,
        ],
      },
    },
    {
      repoURL: GITOPS_REPO_URL,
      targetRevision: 'main',
      path: `${basepath}clusters/${cluster}/manifests/${spec.chart}`,
    },
  ];
  const revs = [valuesRevision, spec.version, valuesRevision];
  const destination = { name: cluster, namespace: spec.namespace };
  const resources = spec.workloads.map(w => ({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    namespace: spec.namespace,
    name: w,
    status: 'Synced',
    health: { status: 'Healthy' },
  }));
  return {
    metadata: {
      name: spec.name,
      namespace: 'argocd',
      uid: stableUuid(`argo:${cluster}:${spec.name}`),
      resourceVersion: String(90000 + spec.name.length),
      generation: 4,
      creationTimestamp: iso(scenario.now - 200 * 24 * 3600_000),
    },
    spec: {
      project: 'default',
      destination,
      sources,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: [
          'CreateNamespace=true',
          'ServerSideApply=true',
          'SkipDryRunOnMissingResource=true',
        ],
      },
    },
    status: {
      resources,
      sync: {
        status: 'Synced',
        comparedTo: { destination, sources },
        revisions: revs,
      },
      health: { status: 'Healthy', lastTransitionTime: iso(deployedAt) },
      history: [
        {
          id: 1,
          revisions: revs,
          sources,
          deployedAt: iso(deployedAt),
          deployStartedAt: iso(deployedAt - 40_000),
          initiatedBy: { automated: true },
        },
      ],
      reconciledAt: iso(scenario.now - 90_000),
      operationState: {
        operation: {
          sync: { revisions: revs },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: {
          resources: resources.map(r => ({
            group: r.group,
            version: r.version,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
            status: 'Synced',
            message: `deployment.apps/${r.name} serverside-applied`,
            hookPhase: 'Running',
            syncPhase: 'Sync',
          })),
          revisions: revs,
          sources,
        },
        startedAt: iso(deployedAt - 40_000),
        finishedAt: iso(deployedAt),
      },
      sourceTypes: ['Directory', 'Helm', 'Directory'],
      summary: { images: [...spec.images].sort() },
      controllerNamespace: 'argocd',
    },
  };
}

/** The app of apps that gitops-bridge installs: it manages ApplicationSets, no pods, so no images. */
function clusterAddons(
  scenario: Scenario,
  cluster: ClusterName,
  revisions: Map<string, RevisionMetadata>,
): ArgoApplication {
  const revision = stableHex(
    `${scenario.options.seed}:cluster-addons:${cluster}`,
    40,
  );
  const deployedAt = scenario.now - 6 * 24 * 3600_000 - 600_000;
  revisions.set(revision, {
    author: 'platform-bot <platform-bot@example.com>',
    date: iso(deployedAt - 3600_000),
    message: 'chore(addons): add-on ApplicationSets',
  });
  const source = {
    repoURL: GITOPS_REPO_URL,
    targetRevision: 'main',
    path: 'addons',
  };
  const destination = { name: cluster, namespace: 'argocd' };
  return {
    metadata: {
      name: 'cluster-addons',
      namespace: 'argocd',
      uid: stableUuid(`argo:${cluster}:cluster-addons`),
      resourceVersion: '88001',
      generation: 2,
      creationTimestamp: iso(scenario.now - 200 * 24 * 3600_000),
    },
    spec: {
      project: 'default',
      source,
      destination,
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      resources: ['addon-cert-manager', 'addon-istiod'].map(name => ({
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'ApplicationSet',
        namespace: 'argocd',
        name,
        status: 'Synced',
      })),
      sync: { status: 'Synced', comparedTo: { source, destination }, revision },
      health: { status: 'Healthy', lastTransitionTime: iso(deployedAt) },
      history: [
        {
          id: 1,
          revision,
          source,
          deployedAt: iso(deployedAt),
          deployStartedAt: iso(deployedAt - 5_000),
          initiatedBy: { automated: true },
        },
      ],
      reconciledAt: iso(scenario.now - 90_000),
      sourceType: 'Directory',
      summary: {},
      controllerNamespace: 'argocd',
    },
  };
}

/** The applications of one Argo CD that are not Pier services. */
export function buildAddonApps(
  scenario: Scenario,
  cluster: ClusterName,
  revisions: Map<string, RevisionMetadata>,
): ArgoApplication[] {
  return [
    clusterAddons(scenario, cluster, revisions),
    ...addons(scenario, cluster).map(spec =>
      addonApp(scenario, cluster, spec, revisions),
    ),
  ];
}
