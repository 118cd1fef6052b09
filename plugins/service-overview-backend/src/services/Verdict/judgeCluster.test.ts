import { DeploymentRow } from '@internal/plugin-deployments-common';
import { EntityFindingsResponse } from '@internal/plugin-security-findings-common';
import { ServiceApm } from '@internal/plugin-datadog-apm-common';
import { apmFacts } from './apmFacts';
import { deployFacts } from './deployFacts';
import { judgeCluster } from './judgeCluster';
import { securityFacts } from './securityFacts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

function row(over: Partial<DeploymentRow> = {}): DeploymentRow {
  return {
    id: 'component:default/recommendations|prod|recommendations-prod',
    entityRef: 'component:default/recommendations',
    service: 'recommendations',
    cluster: 'prod',
    app: {
      name: 'recommendations-prod',
      url: 'https://argocd.prod/applications/recommendations-prod',
    },
    syncStatus: 'Synced',
    health: 'Healthy',
    images: [],
    serviceImages: [],
    sidecarImages: [],
    version: '1.17.0',
    replicas: { ready: 3, desired: 3 },
    history: [],
    needsReview: [],
    stale: false,
    ...over,
  };
}

function findings(
  list: Array<{
    severity: 'CRITICAL' | 'HIGH' | 'LOW';
    cluster?: string;
    since?: string;
    status?: string;
  }>,
): EntityFindingsResponse {
  return {
    entityRef: 'component:default/recommendations',
    status: { staleClusters: [] },
    counts: {} as any,
    problems: [],
    findings: list.map((f, i) => ({
      id: `f${i}`,
      severity: f.severity,
      title: `CVE-2026-${i}`,
      packages: [],
      workflowStatus: f.status ?? 'NEW',
      firstObservedAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
      imageTags: [],
      accountId: '1',
      region: 'eu-west-1',
      running: f.cluster
        ? [
            {
              cluster: f.cluster,
              namespace: 'recs',
              pods: 2,
              since: f.since ?? '2026-11-25T12:00:00Z',
            },
          ]
        : [],
    })),
  };
}

function apm(
  versions: Array<[string, number, number]>,
  previous?: string,
): ServiceApm {
  return {
    service: 'recommendations',
    range: '7d',
    from: '',
    to: '',
    links: { apm: 'https://dd/apm', monitors: '', slos: '' },
    metrics: {
      data: {
        operation: 'http.request',
        envs: [],
        quietEnvs: [],
        versions: versions.map(([version, p95, errorRate]) => ({
          env: 'prod',
          cluster: 'prod',
          version,
          requests: 1000,
          errorRate,
          p95,
          firstSeen: '',
          lastSeen: '',
        })),
        deploys: previous
          ? [
              {
                env: 'prod',
                cluster: 'prod',
                at: '2026-12-03T00:00:00Z',
                version: versions[versions.length - 1][0],
                previousVersion: previous,
              },
            ]
          : [],
      },
    },
    monitors: {},
    slos: {},
  };
}

describe('a cluster verdict', () => {
  it('is healthy with nothing to say but the version, replicas and sync', () => {
    const d = deployFacts(row());
    const c = judgeCluster({
      cluster: 'prod',
      deployed: d.deployed,
      deploy: d.deploy,
      reasons: d.reasons,
    });
    expect(c.verdict).toBe('healthy');
    expect(c.headline).toBe('prod: healthy — v1.17.0, 3/3 ready, in sync');
  });

  it('is degraded when the app is Degraded, naming the health message and leading with it', () => {
    const d = deployFacts(
      row({
        health: 'Degraded',
        healthMessage:
          'Deployment "recommendations" exceeded its progress deadline',
        replicas: { ready: 0, desired: 3 },
      }),
    );
    const s = securityFacts(
      findings([
        { severity: 'CRITICAL', cluster: 'prod' },
        { severity: 'CRITICAL', cluster: 'prod' },
      ]),
      'prod',
      NOW,
    );
    const c = judgeCluster({
      cluster: 'prod',
      deployed: true,
      deploy: d.deploy,
      reasons: [...s.reasons, ...d.reasons],
    });
    expect(c.verdict).toBe('degraded');
    expect(c.headline).toBe(
      'prod: degraded — v1.17.0 is degraded: Deployment "recommendations" exceeded its progress deadline; 0 of 3 replicas ready (+1 more)',
    );
    expect(c.reasons.map(r => r.severity)).toEqual([
      'critical',
      'critical',
      'warning',
    ]);
    expect(c.reasons[2]).toMatchObject({
      part: 'security',
      text: '2 critical CVEs running for 9 days',
      tab: 'security',
    });
  });

  it('needs attention for critical CVEs running here, not for ones only in the registry, suppressed or in the other cluster', () => {
    const s = securityFacts(
      findings([
        {
          severity: 'CRITICAL',
          cluster: 'prod',
          since: '2026-12-03T00:00:00Z',
        },
        { severity: 'HIGH', cluster: 'prod', since: '2026-11-30T12:00:00Z' },
        { severity: 'CRITICAL' },
        { severity: 'CRITICAL', cluster: 'prod', status: 'SUPPRESSED' },
        { severity: 'CRITICAL', cluster: 'nonprod' },
        { severity: 'LOW', cluster: 'prod' },
      ]),
      'prod',
      NOW,
    );
    expect(s.security).toEqual({
      critical: 1,
      high: 1,
      oldestRunningSince: '2026-11-30T12:00:00Z',
    });
    const d = deployFacts(row());
    const c = judgeCluster({
      cluster: 'prod',
      deployed: true,
      deploy: d.deploy,
      reasons: [...d.reasons, ...s.reasons],
    });
    expect(c.verdict).toBe('attention');
    expect(c.headline).toBe(
      'prod: needs attention — 1 critical and 1 high CVEs running for 4 days',
    );
  });

  it('says when the running version made latency or errors worse than the version before it', () => {
    const a = apmFacts(
      apm(
        [
          ['1.16.0', 0.2, 0.002],
          ['1.17.0', 0.236, 0.02],
        ],
        '1.16.0',
      ),
      'prod',
      '1.17.0',
    );
    expect(a.apm).toMatchObject({
      version: '1.17.0',
      previousVersion: '1.16.0',
      p95: 0.236,
      previousP95: 0.2,
    });
    expect(a.reasons.map(r => r.text)).toEqual([
      'p95 +18 % since v1.16.0 (200 → 236 ms)',
      'errors 2.0 % since v1.16.0 (was 0.2 %)',
    ]);
    // Within the noise: no reason.
    const calm = apmFacts(
      apm(
        [
          ['1.16.0', 0.2, 0.002],
          ['1.17.0', 0.21, 0.004],
        ],
        '1.16.0',
      ),
      'prod',
      '1.17.0',
    );
    expect(calm.reasons).toEqual([]);
    // No previous version known: nothing to compare, no reason.
    expect(
      apmFacts(apm([['1.17.0', 0.5, 0.2]]), 'prod', '1.17.0').reasons,
    ).toEqual([]);
  });

  it('is not-deployed without an application, unknown when the deploy state could not be read', () => {
    expect(
      judgeCluster({ cluster: 'nonprod', deployed: false, reasons: [] }),
    ).toMatchObject({
      verdict: 'not-deployed',
      headline:
        'nonprod: not deployed — no Argo CD application of this service in nonprod',
    });
    expect(
      judgeCluster({
        cluster: 'prod',
        deployProblem: 'Deployments did not answer within 8 s',
        reasons: [],
      }),
    ).toMatchObject({
      verdict: 'unknown',
      headline:
        'prod: unknown — the deploy state could not be read (Deployments did not answer within 8 s)',
    });
  });
});
