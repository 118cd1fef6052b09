import { AppSummary, ServiceRef } from './types';

/** Positions of apps by a key, built on first use. */
function lazyIndex(
  apps: AppSummary[],
  keyOf: (app: AppSummary) => string | undefined,
) {
  let index: Map<string, number[]> | undefined;
  return (value: string): number[] => {
    if (!index) {
      index = new Map();
      apps.forEach((app, i) => {
        const key = keyOf(app);
        if (key === undefined) return;
        const at = index!.get(key);
        if (at) at.push(i);
        else index!.set(key, [i]);
      });
    }
    return index.get(value) ?? [];
  };
}

/**
 * The apps of one cluster a service's annotations find, in the cluster's order: those named by
 * `argocd/app-name`, else those its `argocd/app-selector` matches; only in the namespace
 * `argocd/app-namespace` names, when it names one. Apps are indexed by name and by the label a
 * selector requires (built on first use, per label key), so a board of 500 services over 1,000 apps
 * tests a few candidates per service instead of every app.
 */
export function createAppMatcher(apps: AppSummary[]) {
  const byName = lazyIndex(apps, app => app.name);
  const byLabel = new Map<string, (value: string) => number[]>();
  const labelIndex = (key: string) => {
    let index = byLabel.get(key);
    if (!index) {
      index = lazyIndex(apps, app => app.labels[key]);
      byLabel.set(key, index);
    }
    return index;
  };
  const inOrder = (positions: number[]) =>
    [...new Set(positions)].sort((a, b) => a - b).map(i => apps[i]);

  function candidates(service: ServiceRef): AppSummary[] {
    const locator = service.locator;
    if (locator.by === 'name') return inOrder(locator.names.flatMap(byName));
    if (!locator.hint) return apps.filter(app => locator.matches(app.labels));
    const index = labelIndex(locator.hint.key);
    return inOrder(locator.hint.values.flatMap(index)).filter(app =>
      locator.matches(app.labels),
    );
  }

  return (service: ServiceRef): AppSummary[] => {
    const found = candidates(service);
    const ns = service.appNamespace;
    return ns ? found.filter(app => app.namespace === ns) : found;
  };
}
