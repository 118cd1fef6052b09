import { Scenario } from './createScenario';
import { hashString, stableHex } from './random';
import { FindingRecord } from './types';

/**
 * One vulnerable package of a finding, as Inspector reports it: the version split into `epoch`,
 * `version` and `release` (RPM and dpkg), and `fixedInVersion` written `epoch:version-release` for
 * OS packages (e.g. `0:3.0.14-1~deb12u1`, `1:3.0.8-1.amzn2023.0.14`), plain for language packages.
 */
export interface VulnerablePackageView {
  name: string;
  version: string;
  epoch: number;
  release?: string;
  fixedInVersion?: string;
  packageManager: 'OS' | 'NODEPKG' | 'GOBINARY' | 'PYTHONPKG';
  filePath?: string;
  remediation?: string;
}

/** Binary packages built from one source package: Inspector lists each installed one. */
const DEBIAN_BINARIES: Record<string, string[]> = {
  openssl: ['libssl3', 'openssl'],
  glibc: ['libc6', 'libc-bin'],
  curl: ['curl', 'libcurl4'],
  expat: ['libexpat1'],
  krb5: ['libkrb5-3', 'libgssapi-krb5-2', 'libk5crypto3'],
  sqlite3: ['libsqlite3-0'],
  libxml2: ['libxml2'],
  'libtasn1-6': ['libtasn1-6'],
  'perl-base': ['perl-base'],
  'ncurses-base': ['ncurses-base', 'libncursesw6'],
  libgnutls30: ['libgnutls30'],
  zlib1g: ['zlib1g'],
  libssl3: ['libssl3'],
};
/** Amazon Linux 2023 (RPM) binaries of a source package, and their epoch. */
const AL2023_BINARIES: Record<string, { names: string[]; epoch: number }> = {
  openssl: { names: ['openssl-libs', 'openssl'], epoch: 1 },
  libssl3: { names: ['openssl-libs'], epoch: 1 },
  glibc: {
    names: ['glibc', 'glibc-common', 'glibc-minimal-langpack'],
    epoch: 0,
  },
  curl: { names: ['curl-minimal', 'libcurl-minimal'], epoch: 0 },
  zlib1g: { names: ['zlib'], epoch: 0 },
  expat: { names: ['expat'], epoch: 0 },
  krb5: { names: ['krb5-libs'], epoch: 0 },
  runc: { names: ['runc'], epoch: 0 },
};

function languageManager(
  name: string,
): VulnerablePackageView['packageManager'] {
  if (name.includes('/') || name === 'stdlib' || name === 'runc')
    return 'GOBINARY';
  if (['setuptools', 'idna', 'requests', 'urllib3', 'jinja2'].includes(name)) {
    return 'PYTHONPKG';
  }
  return 'NODEPKG';
}

/** dpkg/RPM `[epoch:]version[-release]` split the way Inspector reports it. */
export function splitEvr(full: string): {
  epoch: number;
  version: string;
  release?: string;
} {
  const colon = /^(\d+):(.*)$/.exec(full);
  const epoch = colon ? Number(colon[1]) : 0;
  const rest = colon ? colon[2] : full;
  const dash = rest.lastIndexOf('-');
  return dash > 0
    ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
    : { epoch, version: rest };
}

const isDebianVersion = (v: string) => /deb\d+u\d+|^\d+:|-\d+$/.test(v);

/**
 * The vulnerable packages of a finding. Image findings are Debian 12 images (dpkg binaries of the
 * source package, or language packages found in the image, some at two paths); EC2 findings are
 * Karpenter nodes on Amazon Linux 2023 (RPM, with epochs).
 */
export function vulnerablePackages(r: FindingRecord): VulnerablePackageView[] {
  const h = hashString(`${r.cve}:${r.packageName}`);
  if (r.resourceType === 'AwsEc2Instance') {
    const rpm = AL2023_BINARIES[r.packageName] ?? {
      names: [r.packageName.split('/').pop()!],
      epoch: 0,
    };
    const base = splitEvr(r.packageVersion.replace(/^v|^go/, '')).version;
    const build = 1 + (h % 9);
    const release = `${1 + (h % 3)}.amzn2023.0.${build}`;
    return rpm.names.map((name, i) => ({
      name,
      version: base,
      epoch: rpm.epoch,
      release,
      packageManager: 'OS' as const,
      // the last of several binaries sometimes has no fixed build yet (FixAvailable PARTIAL)
      ...(r.fixedInVersion &&
      !(i > 0 && i === rpm.names.length - 1 && h % 2 === 0)
        ? {
            fixedInVersion: `${rpm.epoch}:${base}-${release.replace(
              /\d+$/,
              String(build + 2),
            )}`,
          }
        : {}),
    }));
  }
  if (isDebianVersion(r.packageVersion) || DEBIAN_BINARIES[r.packageName]) {
    const installed = splitEvr(r.packageVersion);
    const fixed = r.fixedInVersion ? splitEvr(r.fixedInVersion) : undefined;
    const names = DEBIAN_BINARIES[r.packageName] ?? [r.packageName];
    const release = installed.release ?? `${1 + (h % 3)}+deb12u${1 + (h % 4)}`;
    return names.map(name => ({
      name,
      version: installed.version,
      epoch: installed.epoch,
      release,
      packageManager: 'OS' as const,
      ...(fixed
        ? {
            fixedInVersion: `${fixed.epoch}:${fixed.version}-${
              fixed.release ?? release
            }`,
            remediation: 'apt-get update && apt-get upgrade',
          }
        : {}),
    }));
  }
  const manager = languageManager(r.packageName);
  const paths = packagePaths(manager, r.packageName, h);
  return paths.map(filePath => ({
    name: r.packageName,
    version: r.packageVersion,
    epoch: 0,
    packageManager: manager,
    filePath,
    ...(r.fixedInVersion ? { fixedInVersion: r.fixedInVersion } : {}),
  }));
}

/** Where Inspector found a language package in the image (some npm packages twice). */
function packagePaths(
  manager: VulnerablePackageView['packageManager'],
  name: string,
  h: number,
): string[] {
  if (manager === 'GOBINARY') return ['app/server'];
  if (manager === 'PYTHONPKG') {
    return [`usr/local/lib/python3.12/site-packages/${name}`];
  }
  const app = `app/node_modules/${name}/package.json`;
  return h % 3 === 0
    ? [app, `usr/local/lib/node_modules/npm/node_modules/${name}/package.json`]
    : [app];
}

/** Inspector's FixAvailable: YES when every package has a fix, NO when none has, else PARTIAL. */
export function fixAvailable(packages: VulnerablePackageView[]) {
  const fixed = packages.filter(p => p.fixedInVersion).length;
  if (fixed === packages.length) return 'YES' as const;
  return fixed === 0 ? ('NO' as const) : ('PARTIAL' as const);
}

/** Fields of a finding that both SecurityHub and Inspector2 views need. */
export interface FindingView {
  record: FindingRecord;
  arn: string;
  title: string;
  description: string;
  resourceTags: Record<string, string>;
  /** ECR image details; undefined for EC2 findings. */
  image?: {
    repositoryName: string;
    digest: string;
    tags: string[];
    pushedAt: number;
    architecture: string;
  };
  instanceId?: string;
  instanceType?: string;
  severityNormalized: number;
  /** Every vulnerable package of the finding's CVE on this resource. */
  packages: VulnerablePackageView[];
}

const NORMALIZED: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 30,
  MEDIUM: 50,
  HIGH: 70,
  CRITICAL: 90,
};

const nodeIndexes = new WeakMap<
  Scenario,
  Map<string, Scenario['nodeHistory'][number]>
>();

function nodeByName(scenario: Scenario, name: string | undefined) {
  let index = nodeIndexes.get(scenario);
  if (!index) {
    index = new Map(scenario.nodeHistory.map(n => [n.name, n]));
    nodeIndexes.set(scenario, index);
  }
  return name ? index.get(name) : undefined;
}

export function findingView(scenario: Scenario, r: FindingRecord): FindingView {
  const arn = `arn:aws:inspector2:${scenario.region}:${
    scenario.accountId
  }:finding/${stableHex(`${scenario.options.seed}:finding:${r.index}`, 32)}`;
  const packages = vulnerablePackages(r);
  const names = [...new Set(packages.map(p => p.name))];
  // Inspector titles a finding "<CVE> - <package>, <package>…"
  const title = `${r.cve} - ${names.join(', ')}`;
  const description = `A vulnerability in ${names.join(', ')} (${r.cve}) ${
    r.fixedInVersion
      ? 'is fixed in a newer package version'
      : 'has no fix available yet'
  }.`;
  const view: FindingView = {
    record: r,
    arn,
    title,
    description,
    resourceTags: {},
    severityNormalized: NORMALIZED[r.severity],
    packages,
  };
  if (r.resourceType === 'AwsEcrContainerImage') {
    const service = scenario.services[r.serviceIndex];
    const release = service.releases[r.releaseIndex];
    view.image = {
      repositoryName: service.repository,
      digest: `sha256:${release.digest}`,
      tags: [release.version],
      pushedAt: release.pushedAt,
      architecture: 'amd64',
    };
    view.resourceTags = {
      service: service.name,
      team: service.team.name,
      system: service.team.system,
    };
  } else {
    const node = nodeByName(scenario, r.nodeName);
    view.instanceId = node?.instanceId;
    view.instanceType = node?.instanceType;
    view.resourceTags = {
      'eks:cluster-name': node?.cluster ?? 'prod',
      'karpenter.sh/nodepool': node?.nodePool ?? 'general',
    };
  }
  return view;
}
