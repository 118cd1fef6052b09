import { ArgoSource, KubeObject, ServiceClusterState } from './types';

/** One container of one pod: its status next to its spec. */
export interface ContainerView {
  pod: KubeObject;
  podName: string;
  name: string;
  status: any;
  spec: any;
  init: boolean;
}

/** The state with the lookups every rule needs, computed once. */
export interface ExplainContext {
  state: ServiceClusterState;
  namespace: string;
  containers: ContainerView[];
  eventsAbout(kind: string, name: string): KubeObject[];
  node(name: string | undefined): KubeObject | undefined;
  gitops: { url?: string; path?: string; helm: boolean; valueFile?: string };
  serviceRepositoryUrl?: string;
  /** Display name of an object, e.g. `Pod payments/x`. */
  ref(kind: string, object: KubeObject | undefined): string;
}

const list = (items: KubeObject[] | undefined) => items ?? [];

function containersOf(pods: KubeObject[]): ContainerView[] {
  const views: ContainerView[] = [];
  for (const pod of pods) {
    const podName = pod.metadata?.name ?? '';
    const groups: Array<[any[], any[], boolean]> = [
      [
        pod.status?.initContainerStatuses ?? [],
        pod.spec?.initContainers ?? [],
        true,
      ],
      [pod.status?.containerStatuses ?? [], pod.spec?.containers ?? [], false],
    ];
    for (const [statuses, specs, init] of groups) {
      for (const status of statuses) {
        const spec = specs.find((s: any) => s.name === status.name) ?? {};
        views.push({ pod, podName, name: status.name, status, spec, init });
      }
    }
  }
  return views;
}

function gitopsSource(state: ServiceClusterState): ExplainContext['gitops'] {
  const spec = state.argocd?.spec;
  const source: ArgoSource | undefined =
    spec?.source ?? spec?.sources?.find(s => s.path) ?? spec?.sources?.[0];
  const helm =
    state.argocd?.status?.sourceType === 'Helm' || Boolean(source?.chart);
  return {
    url: source?.repoURL,
    path: source?.path?.replace(/\/+$/, ''),
    helm,
    valueFile: source?.helm?.valueFiles?.[0],
  };
}

/** `url:https://github.com/o/r/tree/main/` → `https://github.com/o/r/tree/main/`. */
function sourceUrl(location: string | undefined) {
  return location?.replace(/^url:/, '') || undefined;
}

export function createContext(state: ServiceClusterState): ExplainContext {
  const k = state.kubernetes;
  const namespace =
    state.namespace ??
    list(k.deployments)[0]?.metadata?.namespace ??
    list(k.pods)[0]?.metadata?.namespace ??
    '';
  const nodes = new Map(list(k.nodes).map(n => [n.metadata?.name, n]));
  const events = list(k.events);
  return {
    state,
    namespace,
    containers: containersOf(list(k.pods)),
    eventsAbout: (kind, name) =>
      events.filter(
        e => e.involvedObject?.kind === kind && e.involvedObject?.name === name,
      ),
    node: name => (name ? nodes.get(name) : undefined),
    gitops: gitopsSource(state),
    serviceRepositoryUrl: sourceUrl(state.sourceLocation),
    ref: (kind, object) => {
      const ns = object?.metadata?.namespace;
      return `${kind} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '?'}`;
    },
  };
}

/** A condition of an object's status by type. */
export function condition(object: KubeObject, type: string): any {
  return (object.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** The last non-empty line of a text. */
export function lastLine(text: string | undefined): string | undefined {
  const lines = (text ?? '').split('\n').filter(l => l.trim() !== '');
  return lines[lines.length - 1];
}

/** Event messages as evidence, newest first, without repeats. */
export function eventTexts(events: KubeObject[]): string[] {
  const sorted = [...events].sort((a, b) =>
    String(eventTime(b)).localeCompare(String(eventTime(a))),
  );
  return [...new Set(sorted.map(e => `${e.reason}: ${e.message}`))];
}

function eventTime(e: KubeObject) {
  return e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
}

/** `a, b and c`. */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
