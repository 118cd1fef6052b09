import { commitUrl } from './gitRevision';
import { compareVersions, imageTag } from './serviceImages';
import { createAppMatcher } from './appMatcher';
import {
  matchesSelector,
  parseLabelSelector,
  selectorIndexHint,
} from './labelSelector';
import { AppSummary, ServiceRef } from './types';

describe('board helpers', () => {
  it('links commits of GitHub, GitLab and scp-style repository URLs', () => {
    const sha = 'a'.repeat(40);
    expect(commitUrl('https://github.com/org/gitops.git', sha)).toBe(
      `https://github.com/org/gitops/commit/${sha}`,
    );
    expect(commitUrl('git@gitlab.example.com:org/gitops.git', sha)).toBe(
      `https://gitlab.example.com/org/gitops/-/commit/${sha}`,
    );
    expect(commitUrl('https://github.com/org/gitops', 'HEAD')).toBeUndefined();
  });

  it('reads image tags and compares versions', () => {
    expect(imageTag('123.dkr.ecr.eu-west-1.amazonaws.com/a/b:1.4.2')).toBe(
      '1.4.2',
    );
    expect(imageTag('localhost:5000/a/b@sha256:abc')).toBeUndefined();
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareVersions('v1.2', '1.2.0')).toBe(0);
    expect(compareVersions('latest', 'main')).toBeUndefined();
  });

  it('matches Kubernetes label selectors', () => {
    const labels = { app: 'checkout-api', tier: 'web' };
    const m = (s: string) => matchesSelector(parseLabelSelector(s), labels);
    expect(m('app=checkout-api')).toBe(true);
    expect(m('app==checkout-api,tier!=db')).toBe(true);
    expect(m('tier in (web, api),!canary')).toBe(true);
    expect(m('app notin (checkout-api)')).toBe(false);
    expect(m('team')).toBe(false);
    expect(() => parseLabelSelector('a b c')).toThrow(/Invalid label selector/);
  });

  it('finds through the label index exactly the apps, in order, that testing every app finds', () => {
    const apps = Array.from(
      { length: 60 },
      (_, i) =>
        ({
          name: `app-${i}`,
          labels: {
            app: `svc-${i % 7}`,
            ...(i % 3 ? { tier: i % 2 ? 'web' : 'worker' } : {}),
            ...(i % 5 === 0 ? { canary: 'true' } : {}),
          },
        } as unknown as AppSummary),
    );
    const match = createAppMatcher(apps);
    for (const selector of [
      'app=svc-3',
      'app in (svc-1, svc-4, svc-1),tier=web',
      'app=svc-2,!canary',
      'tier notin (web),canary',
      'app=nothing',
    ]) {
      const requirements = parseLabelSelector(selector);
      const service = {
        locator: {
          by: 'selector',
          selector,
          matches: (labels: Record<string, string>) =>
            matchesSelector(requirements, labels),
          hint: selectorIndexHint(requirements),
        },
      } as ServiceRef;
      expect(match(service).map(a => a.name)).toEqual(
        apps
          .filter(a => matchesSelector(requirements, a.labels))
          .map(a => a.name),
      );
    }
  });
});
