import {
  DashboardResponse,
  EntityFindingsResponse,
  Finding,
  IngestionStatus,
  SeverityCounts,
} from '@internal/plugin-security-findings-common';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const counts = (c: Partial<SeverityCounts> = {}): SeverityCounts => ({
  CRITICAL: 0,
  HIGH: 0,
  MEDIUM: 0,
  LOW: 0,
  INFORMATIONAL: 0,
  ...c,
});

export const okStatus: IngestionStatus = {
  lastSuccessAt: daysAgo(0),
  lastRun: {
    startedAt: daysAgo(0),
    finishedAt: daysAgo(0),
    ok: true,
    findings: 3,
  },
  staleClusters: [],
};

export const neverIngested: IngestionStatus = { staleClusters: [] };

export const failedLastRun: IngestionStatus = {
  lastSuccessAt: daysAgo(1),
  lastRun: {
    startedAt: daysAgo(0),
    finishedAt: daysAgo(0),
    ok: false,
    error:
      'SecurityHub GetFindings (111111111111/eu-west-1): 429 TooManyRequestsException',
  },
  staleClusters: ['prod'],
};

/** The last run stored nothing: SecurityHub answered no findings, waiting for the next run. */
export const heldLastRun: IngestionStatus = {
  lastSuccessAt: daysAgo(1),
  lastRun: {
    startedAt: daysAgo(0),
    finishedAt: daysAgo(0),
    ok: false,
    held: 'SecurityHub (111111111111/eu-west-1) answered 0 findings at 2026-12-04 17:26 UTC (had 400 at 2026-12-04 16:26 UTC): not stored, waiting for confirmation by the next run',
  },
  staleClusters: [],
  held: [
    {
      source: 'SecurityHub (111111111111/eu-west-1)',
      unit: 'findings',
      count: 0,
      acceptedCount: 400,
      acceptedAt: daysAgo(1),
      since: daysAgo(0),
      message:
        'SecurityHub (111111111111/eu-west-1) answered 0 findings at 2026-12-04 17:26 UTC (had 400 at 2026-12-04 16:26 UTC): not stored, waiting for confirmation by the next run',
    },
  ],
};

const base = {
  workflowStatus: 'NEW',
  updatedAt: daysAgo(0),
  repository: 'checkout-api',
  accountId: '111111111111',
  region: 'eu-west-1',
};

/** A critical open for 40 days (SLA 15 d: 25 d over) running in prod, and a medium only in the registry. */
export const findings: Finding[] = [
  {
    ...base,
    id: 'f-critical',
    severity: 'CRITICAL',
    title: 'CVE-2026-1111 - libssl3, openssl',
    cve: 'CVE-2026-1111',
    packages: [
      {
        name: 'libssl3',
        installedVersion: '3.0.13-1~deb12u1',
        fixedInVersion: '3.0.14-1~deb12u1',
        packageManager: 'OS',
      },
      {
        name: 'openssl',
        installedVersion: '3.0.13-1~deb12u1',
        fixedInVersion: '3.0.14-1~deb12u1',
        packageManager: 'OS',
      },
    ],
    remediation: 'Upgrade openssl to 3.0.9.',
    remediationUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2026-1111',
    firstObservedAt: daysAgo(40),
    imageDigest: 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    imageTags: ['v1.4.2'],
    running: [
      { cluster: 'prod', namespace: 'checkout', pods: 3, since: daysAgo(5) },
    ],
  },
  {
    ...base,
    id: 'f-medium',
    severity: 'MEDIUM',
    title: 'CVE-2026-2222 - zlib',
    cve: 'CVE-2026-2222',
    packages: [
      {
        name: 'zlib1g',
        installedVersion: '1:1.2.13.dfsg-1',
        packageManager: 'OS',
      },
    ],
    firstObservedAt: daysAgo(3),
    imageDigest: 'sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    imageTags: ['v1.3.0'],
    running: [],
  },
  {
    ...base,
    id: 'f-suppressed',
    severity: 'HIGH',
    title: 'CVE-2026-3333 - golang.org/x/net',
    cve: 'CVE-2026-3333',
    packages: [
      {
        name: 'golang.org/x/net',
        installedVersion: 'v0.17.0',
        fixedInVersion: 'v0.23.0',
        packageManager: 'GOBINARY',
        filePath: 'app/server',
      },
    ],
    workflowStatus: 'SUPPRESSED',
    firstObservedAt: daysAgo(60),
    imageDigest: 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    imageTags: ['v1.4.2'],
    running: [
      { cluster: 'prod', namespace: 'checkout', pods: 3, since: daysAgo(5) },
    ],
  },
];

export const entityFixture: EntityFindingsResponse = {
  entityRef: 'component:default/checkout-api',
  status: okStatus,
  counts: {
    running: counts({ CRITICAL: 1 }),
    registryOnly: counts({ MEDIUM: 1 }),
    suppressed: counts({ HIGH: 1 }),
  },
  findings,
  problems: [],
};

export const dashboardFixture: DashboardResponse = {
  generatedAt: daysAgo(0),
  status: okStatus,
  totals: {
    open: counts({ CRITICAL: 1, MEDIUM: 1 }),
    running: counts({ CRITICAL: 1 }),
    suppressed: counts({ HIGH: 1 }),
    findings: 2,
  },
  teams: [
    {
      owner: 'group:default/payments',
      services: 1,
      open: counts({ CRITICAL: 1, MEDIUM: 1 }),
      runningCriticalHigh: 1,
      slaBreaches: 1,
    },
  ],
  services: [
    {
      entityRef: 'component:default/checkout-api',
      owner: 'group:default/payments',
      open: counts({ CRITICAL: 1, MEDIUM: 1 }),
      suppressed: 1,
      runningCriticalHigh: 1,
      slaBreaches: 1,
    },
  ],
  deployedVulnerable: [
    {
      entityRef: 'component:default/checkout-api',
      owner: 'group:default/payments',
      findingId: 'f-critical',
      severity: 'CRITICAL',
      title: 'CVE-2026-1111 - libssl3, openssl',
      cve: 'CVE-2026-1111',
      packages: [
        {
          name: 'libssl3',
          installedVersion: '3.0.13-1~deb12u1',
          fixedInVersion: '3.0.14-1~deb12u1',
        },
        {
          name: 'openssl',
          installedVersion: '3.0.13-1~deb12u1',
          fixedInVersion: '3.0.14-1~deb12u1',
        },
      ],
      firstObservedAt: daysAgo(40),
      imageTags: ['v1.4.2'],
      cluster: 'prod',
      since: daysAgo(5),
    },
  ],
  ageing: [
    {
      label: '0-7 days',
      minDays: 0,
      maxDays: 7,
      counts: counts({ MEDIUM: 1 }),
    },
    { label: '31+ days', minDays: 31, counts: counts({ CRITICAL: 1 }) },
  ],
  slaBreaches: [{ severity: 'CRITICAL', count: 1, slaDays: 15 }],
  trend: [
    {
      day: daysAgo(1).slice(0, 10),
      counts: counts({ CRITICAL: 1 }),
      reconstructed: true,
    },
    {
      day: daysAgo(0).slice(0, 10),
      counts: counts({ CRITICAL: 1 }),
      reconstructed: false,
    },
  ],
  topCves: [
    {
      cve: 'CVE-2026-1111',
      severity: 'CRITICAL',
      services: 1,
      findings: 1,
      runningServices: 1,
      fixedIn: ['libssl3 3.0.14-1~deb12u1', 'openssl 3.0.14-1~deb12u1'],
    },
  ],
  clusters: [
    { cluster: 'prod', services: 1, running: counts({ CRITICAL: 1 }) },
  ],
};
