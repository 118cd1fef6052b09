import { ServiceRef } from './buildRows';
import { AppSummary } from './types';

/**
 * The apps of one cluster a service's selector matches, in the cluster's order. Apps are indexed
 * by the label a selector requires (built on first use, per label key), so a board of 500 services
 * over 1,000 apps tests a few candidates per service instead of every app.
 */
export function createAppMatcher(apps: AppSummary[]) {
  const byLabel = new Map<string, Map<string, number[]>>();

  function positions(key: string) {
    let index = byLabel.get(key);
    if (!index) {
      index = new Map();
      apps.forEach((app, i) => {
        const value = app.labels[key];
        if (value === undefined) return;
        const at = index!.get(value);
        if (at) at.push(i);
        else index!.set(value, [i]);
      });
      byLabel.set(key, index);
    }
    return index;
  }

  return (service: ServiceRef): AppSummary[] => {
    const hint = service.selectorHint;
    if (!hint) return apps.filter(app => service.selectorMatches(app.labels));
    const index = positions(hint.key);
    const candidates = [
      ...new Set(hint.values.flatMap(v => index.get(v) ?? [])),
    ].sort((a, b) => a - b);
    return candidates
      .map(i => apps[i])
      .filter(app => service.selectorMatches(app.labels));
  };
}
