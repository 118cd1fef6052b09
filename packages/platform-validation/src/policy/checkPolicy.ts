import { SourceFile, ValidationOptions, Violation } from '../types';
import {
  isCatalogEntity,
  isManifest,
  isObject,
  Manifest,
} from '../manifests/checkManifests';
import { FieldPath, fieldName, YamlDocument } from '../yaml/yamlDocuments';
import { offsetPosition } from '../terraform/outline';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kinds whose names must be DNS-1123 labels (≤ 63), not just subdomains. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);
/** Catalog kinds whose names become Kubernetes names (kubernetes-id, namespace). */
const CATALOG_KUBERNETES_NAMED = new Set(['Component', 'Resource', 'System']);

const POD_SPEC_PATHS: Record<string, FieldPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const SECRET_KEY =
  /(^|[_.-])(password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|client[_-]?secret|access[_-]?key)$/i;
const CREDENTIAL_PATTERNS: [RegExp, string][] = [
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bxox[abpr]-[0-9A-Za-z-]{10,}/, 'a Slack token'],
  [/\bgh[pousr]_[0-9A-Za-z]{36}\b/, 'a GitHub token'],
];

type Report = (v: Violation) => void;

function at(doc: YamlDocument, path: FieldPath, key = false) {
  return {
    file: doc.file.path,
    ...doc.positionOf(path, key),
    field: fieldName(path),
  };
}

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

export function checkManifestPolicy(
  docs: YamlDocument[],
  options: ValidationOptions,
  report: Report,
) {
  for (const doc of docs) {
    if (!isManifest(doc)) {
      checkPlaintextInValues(doc, report);
      continue;
    }
    if (isCatalogEntity(doc)) {
      checkCatalogEntity(doc, options, report);
      continue;
    }
    checkNames(doc, report);
    checkMtls(doc, report);
    checkRequests(doc, report);
    checkSecret(doc, report);
  }
}

function checkNames(doc: Manifest, report: Report) {
  const { kind } = doc.value;
  const name = get(doc.value, ['metadata', 'name']);
  if (typeof name === 'string' && !templated(name)) {
    const label = LABEL_NAMED_KINDS.has(kind);
    const ok = label
      ? DNS_1123_LABEL.test(name) && name.length <= 63
      : DNS_1123_SUBDOMAIN.test(name) && name.length <= 253;
    if (!ok) {
      report({
        ...at(doc, ['metadata', 'name']),
        check: 'dns-1123',
        message: `${kind} name "${name}" is not a DNS-1123 ${
          label ? 'label' : 'name'
        }: use lowercase letters, digits and '-'${
          label ? '' : " (and '.')"
        }, starting and ending with a letter or digit, at most ${
          label ? 63 : 253
        } characters.`,
      });
    }
  }
  const namespace = get(doc.value, ['metadata', 'namespace']);
  if (
    typeof namespace === 'string' &&
    !templated(namespace) &&
    !(DNS_1123_LABEL.test(namespace) && namespace.length <= 63)
  ) {
    report({
      ...at(doc, ['metadata', 'namespace']),
      check: 'dns-1123',
      message: `Namespace "${namespace}" is not a DNS-1123 label: use lowercase letters, digits and '-', at most 63 characters.`,
    });
  }
}

function checkMtls(doc: Manifest, report: Report) {
  if (
    doc.value.kind !== 'PeerAuthentication' ||
    !doc.value.apiVersion.startsWith('security.istio.io/')
  )
    return;
  const mode = get(doc.value, ['spec', 'mtls', 'mode']);
  const meshWide =
    get(doc.value, ['metadata', 'namespace']) === 'istio-system' &&
    get(doc.value, ['spec', 'selector']) === undefined;
  if (
    mode !== 'STRICT' &&
    (mode !== undefined || meshWide) &&
    mode !== 'UNSET'
  ) {
    report({
      ...at(doc, mode === undefined ? ['spec'] : ['spec', 'mtls', 'mode']),
      check: 'mtls-strict',
      message: `PeerAuthentication "${get(doc.value, [
        'metadata',
        'name',
      ])}" must set spec.mtls.mode: STRICT (found ${
        mode ?? 'none'
      }); plaintext traffic between workloads is not allowed in the mesh.`,
    });
  }
  const ports = get(doc.value, ['spec', 'portLevelMtls']);
  if (isObject(ports)) {
    for (const [port, setting] of Object.entries(ports)) {
      const portMode = get(setting, ['mode']);
      if (portMode !== undefined && portMode !== 'STRICT') {
        report({
          ...at(doc, ['spec', 'portLevelMtls', port, 'mode']),
          check: 'mtls-strict',
          message: `Port ${port} relaxes mTLS to ${String(
            portMode,
          )}; every port must stay STRICT.`,
        });
      }
    }
  }
}

function checkRequests(doc: Manifest, report: Report) {
  const specPath = POD_SPEC_PATHS[doc.value.kind];
  if (!specPath || !doc.value.apiVersion.match(/^(v1|apps\/v1|batch\/v1)$/))
    return;
  for (const list of ['initContainers', 'containers']) {
    const containers = get(doc.value, [...specPath, list]);
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, k) => {
      const path = [...specPath, list, k];
      const requests = get(container, ['resources', 'requests']);
      const missing = ['cpu', 'memory'].filter(
        r => get(requests, [r]) === undefined,
      );
      if (missing.length) {
        const name = get(container, ['name']) ?? k;
        report({
          ...at(
            doc,
            get(container, ['resources']) ? [...path, 'resources'] : path,
          ),
          field: fieldName([...path, 'resources', 'requests']),
          check: 'resource-requests',
          message: `Container "${String(name)}" sets no ${missing.join(
            ' and ',
          )} request; add resources.requests (e.g. cpu: 100m, memory: 128Mi) so Karpenter can size nodes and the scheduler can place it.`,
        });
      }
    });
  }
}

function checkSecret(doc: Manifest, report: Report) {
  if (doc.value.kind !== 'Secret' || doc.value.apiVersion !== 'v1') return;
  for (const field of ['data', 'stringData']) {
    const values = get(doc.value, [field]);
    if (isObject(values) && Object.keys(values).length > 0) {
      report({
        ...at(doc, [field]),
        check: 'plaintext-secret',
        message: `Secret "${get(doc.value, [
          'metadata',
          'name',
        ])}" carries values in ${field} (base64 is not encryption); keep the value in AWS Secrets Manager and sync it with an ExternalSecret.`,
      });
    }
  }
  walkStrings(doc, report);
}

function checkPlaintextInValues(doc: YamlDocument, report: Report) {
  walkStrings(doc, report);
}

function walkStrings(doc: YamlDocument, report: Report) {
  const visit = (value: unknown, path: FieldPath) => {
    if (Array.isArray(value)) {
      value.forEach((v, k) => visit(v, [...path, k]));
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    } else if (typeof value === 'string') {
      const key = path[path.length - 1];
      const problem = suspiciousLiteral(
        typeof key === 'string' ? key : '',
        value,
      );
      if (problem) {
        report({
          ...at(doc, path),
          check: 'plaintext-secret',
          message: `${problem} Keep secrets in AWS Secrets Manager and reference them (ExternalSecret, or a secret ARN in Terraform).`,
        });
      }
    }
  };
  visit(doc.value, []);
}

/** A sentence when `value` looks like a secret written in the clear, otherwise undefined. */
export function suspiciousLiteral(
  key: string,
  value: string,
): string | undefined {
  for (const [pattern, what] of CREDENTIAL_PATTERNS) {
    if (pattern.test(value)) return `This value looks like ${what}.`;
  }
  if (
    SECRET_KEY.test(key) &&
    value.length >= 12 &&
    !/[\s:/{}$]/.test(value) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !/^[A-Z0-9_]+$/.test(value)
  ) {
    return `"${key}" holds what looks like a literal secret.`;
  }
  return undefined;
}

/** Terraform: literal secrets in attributes (password = "…", api_key = "…"). */
export function checkTerraformSecrets(file: SourceFile, report: Report) {
  if (!file.path.endsWith('.tf') && !file.path.endsWith('.tfvars')) return;
  const assignment =
    /^[ \t]*([A-Za-z_][\w-]*)[ \t]*=[ \t]*"((?:[^"\\$]|\\.)*)"[ \t]*$/gm;
  for (const m of file.content.matchAll(assignment)) {
    const problem = suspiciousLiteral(m[1], m[2]);
    if (problem) {
      report({
        file: file.path,
        ...offsetPosition(file.content, m.index! + m[0].indexOf(m[1])),
        field: m[1],
        check: 'plaintext-secret',
        message: `${problem} Keep secrets in AWS Secrets Manager (or a sensitive variable fed from CI), never in the code.`,
      });
    }
  }
  for (const [pattern, what] of CREDENTIAL_PATTERNS) {
    const m = pattern.exec(file.content);
    if (m) {
      report({
        file: file.path,
        ...offsetPosition(file.content, m.index),
        check: 'plaintext-secret',
        message: `This looks like ${what}; remove it and rotate it.`,
      });
    }
  }
}

function checkCatalogEntity(
  doc: Manifest,
  options: ValidationOptions,
  report: Report,
) {
  const { kind } = doc.value;
  const name = get(doc.value, ['metadata', 'name']);
  if (
    CATALOG_KUBERNETES_NAMED.has(kind) &&
    typeof name === 'string' &&
    !templated(name) &&
    !(DNS_1123_LABEL.test(name) && name.length <= 63)
  ) {
    report({
      ...at(doc, ['metadata', 'name']),
      check: 'dns-1123',
      message: `${kind} name "${name}" must be a DNS-1123 label (it becomes the Kubernetes name): use lowercase letters, digits and '-', at most 63 characters.`,
    });
  }
  const owner = get(doc.value, ['spec', 'owner']);
  if (!options.owners || typeof owner !== 'string' || templated(owner)) return;
  const ref = normalizeGroupRef(
    owner,
    get(doc.value, ['metadata', 'namespace']),
  );
  if (!options.owners.has(ref)) {
    report({
      ...at(doc, ['spec', 'owner']),
      check: 'catalog-owner',
      message: `Owner "${owner}" (${ref}) is not a group in the catalog; pick an existing team, e.g. ${[
        ...options.owners,
      ]
        .slice(0, 3)
        .join(', ')}.`,
    });
  }
}

export function normalizeGroupRef(owner: string, namespace?: unknown): string {
  const m = /^(?:([\w-]+):)?(?:([\w-]+)\/)?(.+)$/.exec(owner)!;
  const kind = (m[1] ?? 'group').toLowerCase();
  const ns = m[2] ?? (typeof namespace === 'string' ? namespace : 'default');
  return `${kind}:${ns}/${m[3]}`;
}

/**
 * Multi-arch: where the image build is in the tree, it must target linux/amd64 and
 * linux/arm64 (Graviton). Dockerfiles must not pin one platform; CI workflows that build
 * images must list both.
 */
export function checkMultiArch(files: SourceFile[], report: Report) {
  for (const file of files) {
    const base = file.path.split('/').pop() ?? '';
    if (/^Dockerfile(\..+)?$|\.Dockerfile$/.test(base)) {
      for (const m of file.content.matchAll(/^FROM\s+--platform=(\S+)/gim)) {
        if (!m[1].includes('$')) {
          report({
            file: file.path,
            ...offsetPosition(file.content, m.index!),
            check: 'multi-arch',
            message: `FROM pins the platform to ${m[1]}; use --platform=$BUILDPLATFORM (or none) so the image builds for both linux/amd64 and linux/arm64 (Graviton).`,
          });
        }
      }
    }
    if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(file.path)) {
      const builds =
        /docker\/build-push-action|docker buildx build|docker build\b/.exec(
          file.content,
        );
      if (!builds) continue;
      const platforms = /platforms?[:=]\s*["']?([\w/,\s-]+)/.exec(file.content);
      const list = platforms?.[1] ?? '';
      if (!list.includes('linux/amd64') || !list.includes('linux/arm64')) {
        report({
          file: file.path,
          ...offsetPosition(file.content, platforms?.index ?? builds.index),
          check: 'multi-arch',
          message: `This workflow builds an image without platforms linux/amd64,linux/arm64; set platforms: linux/amd64,linux/arm64 (docker/setup-qemu-action + buildx) so it runs on Graviton nodes.`,
        });
      }
    }
  }
}
