import { ArgoApplication, ArgoApplicationSource } from '../ArgoCdClient';
import { parseImageReference } from './serviceImages';
import { AppSource } from './types';

/**
 * Flattens Helm values written as YAML into dotted keys (`resources.limits.memory → 512Mi`), for
 * maps of scalars nested by indentation, the shape of nearly every values file; list items join
 * under their key; a line it cannot read is kept whole under its line number, so a difference in it
 * is still seen.
 */
export function flattenYaml(yaml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack: Array<{ indent: number; key: string }> = [];
  yaml.split('\n').forEach((line, i) => {
    const text = line.replace(/\s+#.*$/, '').trimEnd();
    const body = text.trim();
    if (!body || body.startsWith('#') || body === '---') return;
    const indent = text.length - text.trimStart().length;
    while (stack.length && stack[stack.length - 1].indent >= indent) {
      stack.pop();
    }
    const prefix = stack.map(s => s.key).join('.');
    const item = /^-\s*(.*)$/.exec(body);
    if (item) {
      const key = prefix || '-';
      out[key] = out[key] === undefined ? item[1] : `${out[key]}, ${item[1]}`;
      return;
    }
    const m = /^("[^"]*"|'[^']*'|[^:\s][^:]*):(?:\s+(.*))?$/.exec(body);
    if (!m) {
      out[`${prefix}#${i + 1}`] = body;
      return;
    }
    const key = m[1].replace(/^["']|["']$/g, '').trim();
    if (m[2] === undefined || m[2] === '') stack.push({ indent, key });
    else out[prefix ? `${prefix}.${key}` : key] = m[2];
  });
  return out;
}

/** Flattens a JSON-like object into dotted keys; arrays and scalars become JSON text. */
function flattenObject(
  value: unknown,
  prefix: string,
  out: Record<string, string>,
) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      flattenObject(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (value !== undefined) {
    out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** `kustomize.images` entries (`name=new:tag`, `repo/name:tag`) by the image they replace. */
function kustomizeImage(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  if (eq > 0) return [entry.slice(0, eq), entry.slice(eq + 1)];
  const ref = parseImageReference(entry);
  const name = `${ref.registry === 'docker.io' ? '' : `${ref.registry}/`}${
    ref.repository
  }`;
  return [name, ref.digest ?? ref.tag ?? entry];
}

function helmSettings(
  helm: NonNullable<ArgoApplicationSource['helm']>,
  set: (key: string, value: string | undefined) => void,
) {
  if (helm.valueFiles?.length)
    set('helm.valueFiles', helm.valueFiles.join(', '));
  set('helm.releaseName', helm.releaseName);
  for (const p of helm.parameters ?? []) {
    if (p?.name) set(`helm.parameters.${p.name}`, p.value ?? '');
  }
  const values: Record<string, string> = {};
  if (typeof helm.values === 'string')
    Object.assign(values, flattenYaml(helm.values));
  if (helm.valuesObject) flattenObject(helm.valuesObject, '', values);
  for (const [k, v] of Object.entries(values)) set(`helm.values.${k}`, v);
}

function kustomizeSettings(
  kustomize: NonNullable<ArgoApplicationSource['kustomize']>,
  set: (key: string, value: string | undefined) => void,
) {
  for (const image of kustomize.images ?? []) {
    const [name, value] = kustomizeImage(image);
    set(`kustomize.images.${name}`, value);
  }
  set('kustomize.namePrefix', kustomize.namePrefix);
  set('kustomize.nameSuffix', kustomize.nameSuffix);
  set('kustomize.namespace', kustomize.namespace);
  for (const r of kustomize.replicas ?? []) {
    if (r?.name) set(`kustomize.replicas.${r.name}`, String(r.count ?? ''));
  }
  for (const [k, v] of Object.entries(kustomize.commonLabels ?? {})) {
    set(`kustomize.commonLabels.${k}`, v);
  }
}

function sourceSettings(
  source: ArgoApplicationSource,
  prefix: string,
  settings: Record<string, string>,
) {
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '')
      settings[`${prefix}${key}`] = value;
  };
  set('repoURL', source.repoURL);
  set('path', source.path);
  set('chart', source.chart);
  if (source.helm) helmSettings(source.helm, set);
  if (source.kustomize) kustomizeSettings(source.kustomize, set);
}

function revisionOf(source: ArgoApplicationSource): string | undefined {
  if (source.chart) {
    return `${source.chart}@${source.targetRevision ?? 'latest'}`;
  }
  return source.targetRevision;
}

/** What an application's spec says to deploy, flattened for comparing clusters. */
export function appSource(app: ArgoApplication): AppSource | undefined {
  let sources: ArgoApplicationSource[] = [];
  if (app.spec?.sources?.length) sources = app.spec.sources;
  else if (app.spec?.source) sources = [app.spec.source];
  if (sources.length === 0) return undefined;
  const settings: Record<string, string> = {};
  const multi = sources.length > 1;
  sources.forEach((s, i) =>
    sourceSettings(s ?? {}, multi ? `sources[${i}].` : '', settings),
  );
  const revisions = sources
    .map(s => revisionOf(s ?? {}))
    .filter((r): r is string => !!r);
  return {
    ...(revisions.length
      ? { revision: [...new Set(revisions)].join(', ') }
      : {}),
    settings,
  };
}
