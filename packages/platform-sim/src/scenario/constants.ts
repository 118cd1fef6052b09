import {
  ClusterName,
  ClusterSetup,
  InstanceType,
  KarpenterApi,
  NodePool,
  Team,
} from './types';

/** The AWS account that owns the ECR registry and the clusters. */
export const AWS_ACCOUNT_ID = '123456789012';
export const AWS_REGION = 'eu-west-1';
export const ECR_REGISTRY = `${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com`;
/** Zones of prod (eu-west-1, the account's home region: ECR, SecurityHub); nonprod's are in CLUSTER_SETUPS. */
export const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
export const GITOPS_REPO_URL = 'https://github.com/pier-platform/gitops.git';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The four product teams of catalog/org.yaml (platform-team owns no services). */
export const TEAMS: readonly Team[] = [
  {
    name: 'team-payments',
    title: 'Payments',
    namespace: 'payments',
    system: 'payments',
  },
  {
    name: 'team-checkout',
    title: 'Checkout',
    namespace: 'checkout',
    system: 'checkout',
  },
  {
    name: 'team-discovery',
    title: 'Discovery',
    namespace: 'discovery',
    system: 'discovery',
  },
  {
    name: 'team-identity',
    title: 'Identity',
    namespace: 'identity',
    system: 'identity',
  },
];

/** People who commit to the GitOps repository, by team (users of catalog/org.yaml). */
export const TEAM_MEMBERS: Record<string, string[]> = {
  'team-payments': ['ana.silva', 'grace.lee'],
  'team-checkout': ['ben.okafor', 'farid.haddad'],
  'team-discovery': ['chen.wei', 'henrik.berg'],
  'team-identity': ['dana.kim', 'eva.novak'],
};

/**
 * Curated names of the first services: three per team, in team order, then one per team (and one
 * more for payments) that carries live examples of the platform's common failures.
 */
export const CURATED_SERVICES: ReadonlyArray<{
  name: string;
  kind: 'api' | 'worker';
  description: string;
}> = [
  {
    name: 'payments-api',
    kind: 'api',
    description: 'Captures card and wallet payments.',
  },
  {
    name: 'cart-service',
    kind: 'api',
    description: 'Shopping cart state and pricing.',
  },
  {
    name: 'search-api',
    kind: 'api',
    description: 'Product search over the catalog index.',
  },
  {
    name: 'accounts-api',
    kind: 'api',
    description: 'Customer accounts and sign-up.',
  },
  {
    name: 'ledger-service',
    kind: 'api',
    description: 'Double-entry ledger of all money movements.',
  },
  {
    name: 'checkout-api',
    kind: 'api',
    description: 'Checkout flow and order placement.',
  },
  {
    name: 'catalog-browser',
    kind: 'api',
    description: 'Category pages and product browsing.',
  },
  {
    name: 'auth-service',
    kind: 'api',
    description: 'Sign-in, sessions and tokens.',
  },
  {
    name: 'refunds-worker',
    kind: 'worker',
    description: 'Processes refund requests from the queue.',
  },
  {
    name: 'order-service',
    kind: 'api',
    description: 'Order lifecycle after checkout.',
  },
  {
    name: 'recommendations',
    kind: 'worker',
    description: 'Builds personalised recommendations.',
  },
  {
    name: 'profile-service',
    kind: 'api',
    description: 'Customer profiles and preferences.',
  },
  {
    name: 'payouts-service',
    kind: 'api',
    description: 'Pays merchants out from the ledger.',
  },
  {
    name: 'pricing-engine',
    kind: 'worker',
    description: 'Recomputes prices and promotions.',
  },
  {
    name: 'reviews-api',
    kind: 'api',
    description: 'Product reviews and ratings.',
  },
  {
    name: 'sessions-api',
    kind: 'api',
    description: 'Device sessions and refresh tokens.',
  },
  {
    name: 'fraud-scoring',
    kind: 'api',
    description: 'Scores payments for fraud before capture.',
  },
];

/**
 * The instance types Karpenter launches, with their published on-demand list prices (USD per
 * instance-hour, Linux, shared tenancy) in each region the clusters run in. Same numbers as the
 * platform-cost plugin's committed price tables (prices/ec2-on-demand-<region>.json).
 */
export const INSTANCE_TYPES: Record<string, InstanceType> = Object.fromEntries(
  (
    [
      // prod, eu-west-1
      ['m6i.large', 'amd64', 2, 8, { 'eu-west-1': 0.107, 'us-east-1': 0.096 }],
      [
        'm6i.xlarge',
        'amd64',
        4,
        16,
        { 'eu-west-1': 0.214, 'us-east-1': 0.192 },
      ],
      ['m6i.2xlarge', 'amd64', 8, 32, { 'eu-west-1': 0.428 }],
      ['m7i.xlarge', 'amd64', 4, 16, { 'eu-west-1': 0.2247 }],
      ['c6i.xlarge', 'amd64', 4, 8, { 'eu-west-1': 0.192 }],
      ['c6i.2xlarge', 'amd64', 8, 16, { 'eu-west-1': 0.384 }],
      ['r8g.large', 'arm64', 2, 16, { 'eu-west-1': 0.1253 }],
      ['r8g.xlarge', 'arm64', 4, 32, { 'eu-west-1': 0.2506 }],
      ['r8g.2xlarge', 'arm64', 8, 64, { 'eu-west-1': 0.5012 }],
      // nonprod, us-east-1: the older families its Provisioners still allow
      ['t3.large', 'amd64', 2, 8, { 'us-east-1': 0.0832 }],
      ['t3.xlarge', 'amd64', 4, 16, { 'us-east-1': 0.1664 }],
      ['m5.large', 'amd64', 2, 8, { 'us-east-1': 0.096 }],
      ['m5.xlarge', 'amd64', 4, 16, { 'us-east-1': 0.192 }],
      ['c7g.large', 'arm64', 2, 4, { 'us-east-1': 0.0725 }],
      ['c7g.xlarge', 'arm64', 4, 8, { 'us-east-1': 0.145 }],
      ['c7g.2xlarge', 'arm64', 8, 16, { 'us-east-1': 0.29 }],
    ] as const
  ).map(([name, arch, vcpu, memoryGiB, onDemandHourly]) => [
    name,
    { name, arch, vcpu, memoryGiB, onDemandHourly },
  ]),
);

/** The on-demand list price of a type in a region (USD per hour); throws if the scenario has none. */
export function listPrice(instanceType: string, region: string): number {
  const price = INSTANCE_TYPES[instanceType]?.onDemandHourly[region];
  if (price === undefined) {
    throw new Error(`no list price for ${instanceType} in ${region}`);
  }
  return price;
}

/** Karpenter NodePools of prod (Karpenter v1). */
export const NODE_POOLS: readonly NodePool[] = [
  {
    name: 'general',
    arch: 'amd64',
    capacityTypes: ['spot', 'on-demand'],
    instanceTypes: ['m6i.large', 'm6i.xlarge', 'm7i.xlarge', 'c6i.xlarge'],
  },
  {
    name: 'graviton',
    arch: 'arm64',
    capacityTypes: ['spot', 'on-demand'],
    instanceTypes: ['r8g.large', 'r8g.xlarge', 'r8g.2xlarge'],
  },
  {
    name: 'critical',
    arch: 'amd64',
    capacityTypes: ['on-demand'],
    instanceTypes: ['m6i.xlarge', 'm6i.2xlarge', 'c6i.2xlarge'],
  },
];

/** Karpenter Provisioners of nonprod (Karpenter v0.31, `karpenter.sh/v1alpha5`): same names, older families. */
export const LEGACY_PROVISIONERS: readonly NodePool[] = [
  {
    name: 'general',
    arch: 'amd64',
    capacityTypes: ['spot', 'on-demand'],
    instanceTypes: [
      't3.large',
      't3.xlarge',
      'm5.large',
      'm5.xlarge',
      'm6i.large',
    ],
  },
  {
    name: 'graviton',
    arch: 'arm64',
    capacityTypes: ['spot', 'on-demand'],
    instanceTypes: ['c7g.large', 'c7g.xlarge', 'c7g.2xlarge'],
  },
];

/**
 * Where each cluster runs and which Karpenter it runs. prod is current (Karpenter v1 NodePools,
 * nodes labelled `karpenter.sh/nodepool`, eu-west-1); nonprod is the older cluster: created in
 * us-east-1 and still on Karpenter v0.31, whose v1alpha5 Provisioners label nodes
 * `karpenter.sh/provisioner-name` and tag instances the same way.
 */
export const CLUSTER_SETUPS: Record<ClusterName, ClusterSetup> = {
  prod: {
    region: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    karpenter: 'v1',
    nodePools: NODE_POOLS,
    kubeletVersion: 'v1.31.2-eks-94953ac',
    osImage: 'Amazon Linux 2023.6.20241111',
    kernelVersion: '6.1.112-124.190.amzn2023',
  },
  nonprod: {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    karpenter: 'v1alpha5',
    nodePools: LEGACY_PROVISIONERS,
    kubeletVersion: 'v1.28.15-eks-1552ad0',
    osImage: 'Amazon Linux 2',
    kernelVersion: '5.10.228-219.884.amzn2',
  },
};

/** The node label (and instance tag) that names a node's pool, per Karpenter API. */
export const KARPENTER_POOL_LABEL: Record<KarpenterApi, string> = {
  v1: 'karpenter.sh/nodepool',
  v1alpha5: 'karpenter.sh/provisioner-name',
};

/** A handful of real-looking vulnerabilities; more are synthesised at scale. */
export const KNOWN_VULNERABILITIES: ReadonlyArray<{
  cve: string;
  packageName: string;
  packageVersion: string;
  fixedInVersion?: string;
  cvss: number;
}> = [
  {
    cve: 'CVE-2024-5535',
    packageName: 'openssl',
    packageVersion: '3.0.13-1~deb12u1',
    fixedInVersion: '3.0.14-1~deb12u1',
    cvss: 9.1,
  },
  {
    cve: 'CVE-2023-45853',
    packageName: 'zlib1g',
    packageVersion: '1:1.2.13.dfsg-1',
    cvss: 9.8,
  },
  {
    cve: 'CVE-2024-2961',
    packageName: 'glibc',
    packageVersion: '2.36-9+deb12u4',
    fixedInVersion: '2.36-9+deb12u7',
    cvss: 7.3,
  },
  {
    cve: 'CVE-2024-6119',
    packageName: 'openssl',
    packageVersion: '3.0.13-1~deb12u1',
    fixedInVersion: '3.0.14-1~deb12u2',
    cvss: 7.5,
  },
  {
    cve: 'CVE-2024-37890',
    packageName: 'ws',
    packageVersion: '8.16.0',
    fixedInVersion: '8.17.1',
    cvss: 7.5,
  },
  {
    cve: 'CVE-2024-29041',
    packageName: 'express',
    packageVersion: '4.18.2',
    fixedInVersion: '4.19.2',
    cvss: 6.1,
  },
  {
    cve: 'CVE-2024-28863',
    packageName: 'tar',
    packageVersion: '6.2.0',
    fixedInVersion: '6.2.1',
    cvss: 6.5,
  },
  {
    cve: 'CVE-2023-44487',
    packageName: 'golang.org/x/net',
    packageVersion: 'v0.15.0',
    fixedInVersion: 'v0.17.0',
    cvss: 7.5,
  },
  {
    cve: 'CVE-2024-45337',
    packageName: 'golang.org/x/crypto',
    packageVersion: 'v0.29.0',
    fixedInVersion: 'v0.31.0',
    cvss: 9.1,
  },
  {
    cve: 'CVE-2024-7264',
    packageName: 'curl',
    packageVersion: '7.88.1-10+deb12u5',
    fixedInVersion: '7.88.1-10+deb12u7',
    cvss: 6.5,
  },
  {
    cve: 'CVE-2023-52425',
    packageName: 'expat',
    packageVersion: '2.5.0-1',
    cvss: 7.5,
  },
  {
    cve: 'CVE-2024-21626',
    packageName: 'runc',
    packageVersion: '1.1.10',
    fixedInVersion: '1.1.12',
    cvss: 8.6,
  },
  {
    cve: 'CVE-2023-4911',
    packageName: 'glibc',
    packageVersion: '2.36-9+deb12u1',
    fixedInVersion: '2.36-9+deb12u3',
    cvss: 7.8,
  },
  {
    cve: 'CVE-2024-4067',
    packageName: 'micromatch',
    packageVersion: '4.0.5',
    fixedInVersion: '4.0.8',
    cvss: 5.3,
  },
  {
    cve: 'CVE-2024-24790',
    packageName: 'stdlib',
    packageVersion: 'go1.21.6',
    fixedInVersion: 'go1.21.11',
    cvss: 9.8,
  },
  {
    cve: 'CVE-2023-2650',
    packageName: 'libssl3',
    packageVersion: '3.0.8-1',
    fixedInVersion: '3.0.9-1',
    cvss: 3.7,
  },
  {
    cve: 'CVE-2022-40897',
    packageName: 'setuptools',
    packageVersion: '65.5.0',
    fixedInVersion: '65.5.1',
    cvss: 5.9,
  },
  {
    cve: 'CVE-2024-3651',
    packageName: 'idna',
    packageVersion: '3.6',
    fixedInVersion: '3.7',
    cvss: 6.2,
  },
];
