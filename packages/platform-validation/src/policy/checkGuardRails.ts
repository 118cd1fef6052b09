import { ValidationOptions, Violation } from '../types';
import {
  isCatalogEntity,
  isManifest,
  Manifest,
} from '../manifests/checkManifests';
import { FieldPath, fieldName, YamlDocument } from '../yaml/yamlDocuments';

/*
 * Guard rails on what a reviewed change may reach (issue 17): a namespace names only its own
 * secrets, a team's Applications use the team's Argo CD project, workloads run hardened behind a
 * default-deny policy, and the public load balancer takes traffic from CloudFront only.
 */

type Report = (v: Violation) => void;

const POD_SPEC_PATHS: Record<string, FieldPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Annotation on a workload that explains why its root filesystem must stay writable. */
export const WRITABLE_ROOT_ANNOTATION =
  'platform.pier.io/writable-root-filesystem';

/** The only Argo CD files that may use the `default` project: gitops-bridge's app of apps. */
const BOOTSTRAP_DIR = /(^|\/)gitops\/bootstrap\//;

function get(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as any)[segment];
  }
  return current;
}

function templated(value: string) {
  return value.includes('{{') || value.includes('${');
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(doc: YamlDocument, path: FieldPath, key = false) {
  return {
    file: doc.file.path,
    ...doc.positionOf(path, key),
    field: fieldName(path),
  };
}

function nameOf(doc: Manifest): string {
  const name = get(doc.value, ['metadata', 'name']);
  return typeof name === 'string' ? name : '?';
}

/** The cluster a file belongs to, from where it lives (apps/<svc>/<cluster>/, clusters/<cluster>/). */
export function clusterOfPath(path: string): string | undefined {
  const app = /(?:^|\/)gitops\/apps\/[^/]+\/([^/]+)\//.exec(path);
  if (app && app[1] !== 'base') return app[1];
  return /(?:^|\/)gitops\/clusters\/([^/]+)\//.exec(path)?.[1];
}

export function checkGuardRails(
  docs: YamlDocument[],
  options: ValidationOptions,
  report: Report,
) {
  const manifests = docs.filter(
    (d): d is Manifest => isManifest(d) && !isCatalogEntity(d),
  );
  for (const doc of manifests) {
    checkSecretPaths(doc, report);
    checkSecretStoreRefs(doc, report);
    checkWorkloadSecurity(doc, report);
    checkIngressOrigin(doc, report);
  }
  checkDefaultDeny(manifests, report);
  checkArgoProjects(manifests, options, report);
}

// ---- secret-path: an ExternalSecret names only <cluster>/<its namespace>[/...]
// ---- secret-store: an app namespace reads through its own SecretStore, never the cluster's

/**
 * The platform's own namespaces: the ClusterSecretStore serves (some of) them. Every other
 * namespace is an app namespace, with its own SecretStore whose IAM role (modules/secrets) may read
 * `<cluster>/<namespace>/*` only.
 */
const PLATFORM_NAMESPACE =
  /^(kube-.*|istio-.*|argocd|external-secrets|karpenter|cert-manager|datadog|pier)$/;

export function isAppNamespace(namespace: string) {
  return !PLATFORM_NAMESPACE.test(namespace);
}

function secretName(key: string): string {
  // an ARN names the secret after ":secret:" (with AWS's random suffix)
  const arn = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(key);
  return arn ? arn[1].replace(/-[A-Za-z0-9]{6}$/, '') : key;
}

function isExternalSecret(doc: Manifest) {
  return (
    doc.value.kind === 'ExternalSecret' &&
    doc.value.apiVersion.startsWith('external-secrets.io/')
  );
}

function checkSecretPaths(doc: Manifest, report: Report) {
  if (!isExternalSecret(doc)) return;
  const namespace = get(doc.value, ['metadata', 'namespace']);
  if (typeof namespace !== 'string' || templated(namespace)) return;
  const cluster = clusterOfPath(doc.file.path);
  const prefix = `${cluster ?? '<cluster>'}/${namespace}`;
  // An app namespace's role reads <cluster>/<namespace>/* (an IAM ARN pattern), which does not
  // cover a secret named <cluster>/<namespace> itself; the platform's namespaces keep that form.
  const app = isAppNamespace(namespace);
  const allowed = (name: string, search: boolean) => {
    const [first, second, ...rest] = name.split('/');
    // a search path may end in '/' (everything under it); in an app namespace it must, or go deeper
    const under = rest.length > 0;
    if (search && under && rest[rest.length - 1] === '') rest.pop();
    return (
      (cluster === undefined || first === cluster) &&
      second === namespace &&
      (!app || under) &&
      rest.every(Boolean)
    );
  };
  const named = app
    ? `${prefix}/… (its SecretStore's role may read nothing else)`
    : `${prefix} or ${prefix}/…`;
  const refuse = (path: FieldPath, what: string) =>
    report({
      ...at(doc, path),
      check: 'secret-path',
      message: `ExternalSecret "${nameOf(
        doc,
      )}" in namespace "${namespace}" reads ${what}; a namespace may read only its own secrets, named ${named} in AWS Secrets Manager.`,
    });
  const keys: [FieldPath, unknown, boolean][] = [];
  const data = get(doc.value, ['spec', 'data']);
  if (Array.isArray(data)) {
    data.forEach((_, k) =>
      keys.push([
        ['spec', 'data', k, 'remoteRef', 'key'],
        get(data[k], ['remoteRef', 'key']),
        false,
      ]),
    );
  }
  const dataFrom = get(doc.value, ['spec', 'dataFrom']);
  if (Array.isArray(dataFrom)) {
    dataFrom.forEach((entry, k) => {
      if (isObject(entry?.extract)) {
        keys.push([
          ['spec', 'dataFrom', k, 'extract', 'key'],
          entry.extract.key,
          false,
        ]);
      }
      if (isObject(entry?.find)) {
        const path = get(entry, ['find', 'path']);
        if (typeof path !== 'string') {
          refuse(
            ['spec', 'dataFrom', k, 'find'],
            'every secret a search finds (find without a path)',
          );
        } else {
          keys.push([['spec', 'dataFrom', k, 'find', 'path'], path, true]);
        }
      }
    });
  }
  for (const [path, key, search] of keys) {
    if (typeof key !== 'string' || templated(key)) continue;
    const name = secretName(key);
    if (!allowed(search ? name : name.replace(/\/$/, ''), search))
      refuse(path, `"${key}"`);
  }
}

function checkSecretStoreRefs(doc: Manifest, report: Report) {
  if (!isExternalSecret(doc)) return;
  const namespace = get(doc.value, ['metadata', 'namespace']);
  if (
    typeof namespace !== 'string' ||
    templated(namespace) ||
    !isAppNamespace(namespace)
  )
    return;
  // the store of the whole ExternalSecret, and any entry's own (sourceRef.storeRef)
  const refs: FieldPath[] = [['spec', 'secretStoreRef']];
  for (const list of ['data', 'dataFrom']) {
    const entries = get(doc.value, ['spec', list]);
    if (!Array.isArray(entries)) continue;
    entries.forEach((_, k) =>
      refs.push(['spec', list, k, 'sourceRef', 'storeRef']),
    );
  }
  for (const path of refs) {
    const kind = get(doc.value, [...path, 'kind']);
    if (kind !== 'ClusterSecretStore') continue;
    report({
      ...at(doc, [...path, 'kind']),
      check: 'secret-store',
      message: `ExternalSecret "${nameOf(
        doc,
      )}" in app namespace "${namespace}" reads through the ClusterSecretStore "${String(
        get(doc.value, [...path, 'name']),
      )}", which only the platform's namespaces may use; use the namespace's own store (secretStoreRef: { kind: SecretStore, name: aws-secrets-manager }), whose IAM role reads only ${
        clusterOfPath(doc.file.path) ?? '<cluster>'
      }/${namespace}/*.`,
    });
  }
}

// ---- workload-security: no capabilities, no escalation, non-root, seccomp, read-only root

function checkWorkloadSecurity(doc: Manifest, report: Report) {
  const specPath = POD_SPEC_PATHS[doc.value.kind];
  if (!specPath || !/^(v1|apps\/v1|batch\/v1)$/.test(doc.value.apiVersion))
    return;
  const pod = get(doc.value, specPath);
  if (!isObject(pod)) return;
  const podContext = isObject(pod.securityContext) ? pod.securityContext : {};
  const annotations = {
    ...(get(doc.value, ['metadata', 'annotations']) as object),
  } as Record<string, unknown>;
  const writableReason = annotations[WRITABLE_ROOT_ANNOTATION];
  for (const list of ['initContainers', 'containers']) {
    const containers = pod[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, k) => {
      const path = [...specPath, list, k];
      const context = isObject(container?.securityContext)
        ? container.securityContext
        : {};
      const missing: string[] = [];
      const drop = get(context, ['capabilities', 'drop']);
      if (!Array.isArray(drop) || !drop.includes('ALL'))
        missing.push('capabilities.drop: [ALL]');
      if (context.allowPrivilegeEscalation !== false)
        missing.push('allowPrivilegeEscalation: false');
      if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
        missing.push('runAsNonRoot: true');
      const seccomp =
        get(context, ['seccompProfile', 'type']) ??
        get(podContext, ['seccompProfile', 'type']);
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        missing.push('seccompProfile.type: RuntimeDefault');
      if (
        context.readOnlyRootFilesystem !== true &&
        !(typeof writableReason === 'string' && writableReason.trim())
      )
        missing.push(
          `readOnlyRootFilesystem: true (or the annotation ${WRITABLE_ROOT_ANNOTATION} saying why it cannot be)`,
        );
      if (missing.length === 0) return;
      report({
        ...at(
          doc,
          isObject(container?.securityContext)
            ? [...path, 'securityContext']
            : path,
        ),
        field: fieldName([...path, 'securityContext']),
        check: 'workload-security',
        message: `Container "${String(container?.name ?? k)}" of ${
          doc.value.kind
        } "${nameOf(doc)}" must set ${missing.join(
          ', ',
        )} in its securityContext (or the pod's), so a compromised process cannot gain privileges or change its image.`,
      });
    });
  }
}

// ---- default-deny: every namespace with workloads denies traffic unless a policy allows it

function isAllowNothing(doc: Manifest): boolean {
  const { apiVersion, kind } = doc.value;
  const spec = doc.value.spec ?? {};
  if (
    kind === 'AuthorizationPolicy' &&
    apiVersion.startsWith('security.istio.io/')
  ) {
    return (
      isObject(spec) &&
      spec.selector === undefined &&
      spec.targetRef === undefined &&
      spec.targetRefs === undefined &&
      (spec.action === undefined || spec.action === 'ALLOW') &&
      (spec.rules === undefined ||
        (Array.isArray(spec.rules) && spec.rules.length === 0))
    );
  }
  if (kind === 'NetworkPolicy' && apiVersion === 'networking.k8s.io/v1') {
    const selector = spec.podSelector;
    const emptySelector =
      isObject(selector) &&
      Object.values(selector).every(
        v =>
          v === undefined ||
          (isObject(v)
            ? !Object.keys(v).length
            : Array.isArray(v) && !v.length),
      );
    return (
      emptySelector &&
      Array.isArray(spec.policyTypes) &&
      spec.policyTypes.includes('Ingress') &&
      (spec.ingress === undefined ||
        (Array.isArray(spec.ingress) && spec.ingress.length === 0))
    );
  }
  return false;
}

function checkDefaultDeny(manifests: Manifest[], report: Report) {
  const denied = new Set<string>();
  for (const doc of manifests) {
    const namespace = get(doc.value, ['metadata', 'namespace']);
    if (typeof namespace === 'string' && isAllowNothing(doc))
      denied.add(namespace);
  }
  for (const doc of manifests) {
    if (!POD_SPEC_PATHS[doc.value.kind]) continue;
    if (!/(^|\/)gitops\/apps\//.test(doc.file.path)) continue;
    const namespace = get(doc.value, ['metadata', 'namespace']);
    if (typeof namespace !== 'string' || templated(namespace)) continue;
    if (denied.has(namespace)) continue;
    report({
      ...at(doc, ['metadata', 'namespace']),
      check: 'default-deny',
      message: `Namespace "${namespace}" runs ${doc.value.kind} "${nameOf(
        doc,
      )}" but has no default-deny policy: add an Istio AuthorizationPolicy with an empty spec (allow nothing) in ${namespace}, then one ALLOW policy per caller that may reach it.`,
    });
  }
}

// ---- ingress-origin: an internet-facing ALB takes traffic from CloudFront only

function checkIngressOrigin(doc: Manifest, report: Report) {
  if (
    doc.value.kind !== 'Ingress' ||
    doc.value.apiVersion !== 'networking.k8s.io/v1'
  )
    return;
  const annotations = get(doc.value, ['metadata', 'annotations']);
  if (!isObject(annotations)) return;
  if (annotations['alb.ingress.kubernetes.io/scheme'] !== 'internet-facing')
    return;
  const sg = annotations['alb.ingress.kubernetes.io/security-groups'];
  const prefixLists =
    annotations['alb.ingress.kubernetes.io/security-group-prefix-lists'];
  const cidrs = annotations['alb.ingress.kubernetes.io/inbound-cidrs'];
  if (cidrs !== undefined) {
    report({
      ...at(doc, [
        'metadata',
        'annotations',
        'alb.ingress.kubernetes.io/inbound-cidrs',
      ]),
      check: 'ingress-origin',
      message: `Ingress "${nameOf(
        doc,
      )}" opens its internet-facing load balancer to ${String(
        cidrs,
      )}; only CloudFront may reach it (else the WAF is bypassed): remove inbound-cidrs and name the CloudFront-only security group.`,
    });
    return;
  }
  if (typeof sg !== 'string' && typeof prefixLists !== 'string') {
    report({
      ...at(doc, ['metadata', 'annotations']),
      check: 'ingress-origin',
      message: `Ingress "${nameOf(
        doc,
      )}" creates an internet-facing load balancer open to everyone, so the WAF in CloudFront can be bypassed; set alb.ingress.kubernetes.io/security-groups to the cluster's <cluster>-alb-from-cloudfront group (modules/edge).`,
    });
  }
}

// ---- argocd-project: a team's Applications use the team's project, never `default`

interface Project {
  name: string;
  doc: Manifest;
  sourceRepos: string[];
  destinations: { namespace: string; name?: string; server?: string }[];
}

function glob(pattern: string, value: string) {
  const source = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

/** Argo CD's rule: a destination matches unless a `!` entry denies it. */
function destinationAllowed(
  project: Project,
  cluster: string,
  namespace: string,
) {
  let allowed = false;
  for (const d of project.destinations) {
    // a destination given by server URL matches whichever cluster name the Application uses
    if (!glob(d.name ?? '*', cluster)) continue;
    if (d.namespace.startsWith('!')) {
      if (glob(d.namespace.slice(1), namespace)) return false;
    } else if (glob(d.namespace, namespace)) {
      allowed = true;
    }
  }
  return allowed;
}

function applicationSpecs(doc: Manifest): { spec: any; path: FieldPath }[] {
  if (!doc.value.apiVersion.startsWith('argoproj.io/')) return [];
  if (doc.value.kind === 'Application')
    return [{ spec: doc.value.spec ?? {}, path: ['spec'] }];
  if (doc.value.kind === 'ApplicationSet')
    return [
      {
        spec: get(doc.value, ['spec', 'template', 'spec']) ?? {},
        path: ['spec', 'template', 'spec'],
      },
    ];
  return [];
}

function checkArgoProjects(
  manifests: Manifest[],
  options: ValidationOptions,
  report: Report,
) {
  const projects = new Map<string, Project>();
  for (const doc of manifests) {
    if (
      doc.value.kind !== 'AppProject' ||
      !doc.value.apiVersion.startsWith('argoproj.io/')
    )
      continue;
    const spec = doc.value.spec ?? {};
    projects.set(nameOf(doc), {
      name: nameOf(doc),
      doc,
      sourceRepos: Array.isArray(spec.sourceRepos) ? spec.sourceRepos : [],
      destinations: Array.isArray(spec.destinations)
        ? spec.destinations.filter((d: any) => typeof d?.namespace === 'string')
        : [],
    });
  }
  const refuse = (doc: Manifest, path: FieldPath, message: string) =>
    report({ ...at(doc, path), check: 'argocd-project', message });
  /** "<cluster>/<namespace>" -> the project that deploys there first, and where */
  const owners = new Map<string, { project: string; file: string }>();

  for (const doc of manifests) {
    for (const { spec, path } of applicationSpecs(doc)) {
      const project = spec.project;
      const projectPath = [...path, 'project'];
      const what = `${doc.value.kind} "${nameOf(doc)}"`;
      if (typeof project !== 'string' || project === '') {
        refuse(
          doc,
          path,
          `${what} names no Argo CD project; use the owning team's project (its catalog group's name, e.g. team-payments).`,
        );
        continue;
      }
      if (templated(project)) continue;
      if (project === 'default') {
        if (BOOTSTRAP_DIR.test(doc.file.path)) continue;
        refuse(
          doc,
          projectPath,
          `${what} uses Argo CD's default project, which may deploy anything anywhere; use the owning team's project (its catalog group's name, e.g. team-payments), which limits its sources and namespaces.`,
        );
        continue;
      }
      if (options.owners && !options.owners.has(`group:default/${project}`)) {
        // the project is the owner's name: an unknown team is the catalog-owner problem
        report({
          ...at(doc, projectPath),
          check: 'catalog-owner',
          message: `${what} uses project "${project}" (group:default/${project}), which is not a group in the catalog; the project is the owning team's group name, e.g. ${[
            ...options.owners,
          ]
            .slice(0, 3)
            .map(o => o.replace(/^group:default\//, ''))
            .join(', ')}.`,
        });
        continue;
      }
      if (projects.size === 0) continue; // the projects are not part of these files
      const known = projects.get(project);
      if (!known) {
        refuse(
          doc,
          projectPath,
          `${what} uses project "${project}", but no AppProject of that name exists (infra/gitops/projects/); add the team's project first.`,
        );
        continue;
      }
      const sources = [
        ...(isObject(spec.source) ? [spec.source] : []),
        ...(Array.isArray(spec.sources) ? spec.sources : []),
      ];
      for (const source of sources) {
        const repo = source?.repoURL;
        if (typeof repo !== 'string' || templated(repo)) continue;
        if (!known.sourceRepos.some(p => glob(p, repo))) {
          refuse(
            doc,
            [...path, Array.isArray(spec.sources) ? 'sources' : 'source'],
            `${what}: project "${project}" may not use the repository ${repo}; its sourceRepos are ${
              known.sourceRepos.join(', ') || 'empty'
            }.`,
          );
        }
      }
      const namespace = get(spec, ['destination', 'namespace']);
      const cluster =
        get(spec, ['destination', 'name']) ??
        get(spec, ['destination', 'server']) ??
        '*';
      if (
        typeof namespace !== 'string' ||
        templated(namespace) ||
        typeof cluster !== 'string' ||
        templated(cluster)
      )
        continue;
      if (!destinationAllowed(known, cluster, namespace)) {
        refuse(
          doc,
          [...path, 'destination', 'namespace'],
          `${what}: project "${project}" may not deploy into namespace "${namespace}" of ${cluster}; pick a namespace of the team's own.`,
        );
        continue;
      }
      if (doc.value.kind !== 'Application') continue;
      const key = `${cluster}/${namespace}`;
      const first = owners.get(key);
      if (!first) owners.set(key, { project, file: doc.file.path });
      else if (first.project !== project) {
        refuse(
          doc,
          projectPath,
          `${what} deploys into namespace "${namespace}" of ${cluster} with project "${project}", but ${first.file} already deploys there with project "${first.project}": a namespace belongs to one team.`,
        );
      }
    }
  }
}
