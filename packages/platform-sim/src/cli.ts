/* eslint-disable no-console */
/*
 * platform-sim command line: starts every simulated upstream on 127.0.0.1.
 *
 *   yarn workspace @internal/platform-sim start [flags]
 *
 * Flags:
 *   --seed <n>              scenario seed (42)
 *   --scale default|benchmark  preset scale (12 services / 500 services …)
 *   --services <n> --nodes <n> --findings <n> --days <n>
 *   --port-base <n>         first port of the block (7300); ports are base+0…base+9, IdP base+11
 *   --ephemeral             let the OS pick free ports
 *   --ports-file <path>     write the chosen ports as JSON
 *   --catalog-file <path>   write the derived catalog entities as YAML
 *   --org-file <path>       the IdP's people: User entities of this YAML (catalog/org.yaml)
 *   --fault <upstream>:<key>=<value>[,<key>=<value>]   (repeatable)
 *   --datadog-rate-limit <n>  requests per 60 s per endpoint family (1000)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeCatalogFile } from './catalog';
import { loadPeople } from './idp/people';
import {
  BENCHMARK_SCENARIO_OPTIONS,
  DEFAULT_SCENARIO_OPTIONS,
  ScenarioOptions,
  createScenario,
} from './scenario';
import { FaultSpec, parseFaultSpec } from './servers/faults';
import {
  DEFAULT_PORTS,
  EPHEMERAL_PORTS,
  PlatformSimPorts,
  startPlatformSim,
} from './startPlatformSim';

interface CliOptions {
  scenario: ScenarioOptions;
  ports: PlatformSimPorts;
  portsFile?: string;
  catalogFile?: string;
  orgFile?: string;
  faults: Record<string, FaultSpec>;
  datadogRateLimit?: number;
}

function portsFromBase(base: number): PlatformSimPorts {
  return {
    admin: base,
    kubernetes: { prod: base + 1, nonprod: base + 2 },
    argocd: { prod: base + 3, nonprod: base + 4 },
    datadog: base + 5,
    aws: {
      securityhub: base + 6,
      inspector2: base + 7,
      costexplorer: base + 8,
    },
    opencost: base + 9,
    // base + 10 is start.sh's git host (7310)
    idp: base + 11,
  };
}

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    scenario: { ...DEFAULT_SCENARIO_OPTIONS },
    ports: DEFAULT_PORTS,
    faults: {},
  };
  const numeric = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) {
      throw new Error(`${flag} needs a non-negative number`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--seed':
      case '--services':
      case '--nodes':
      case '--findings':
      case '--days':
        (options.scenario as Record<string, number>)[flag.slice(2)] = numeric(
          flag,
          value(),
        );
        break;
      case '--scale': {
        const scale = value();
        if (scale === 'benchmark') {
          options.scenario = {
            ...BENCHMARK_SCENARIO_OPTIONS,
            seed: options.scenario.seed,
          };
        } else if (scale !== 'default') {
          throw new Error('--scale must be default or benchmark');
        }
        break;
      }
      case '--port-base':
        options.ports = portsFromBase(numeric(flag, value()));
        break;
      case '--ephemeral':
        options.ports = EPHEMERAL_PORTS;
        break;
      case '--ports-file':
        options.portsFile = value();
        break;
      case '--catalog-file':
        options.catalogFile = value();
        break;
      case '--org-file':
        options.orgFile = value();
        break;
      case '--datadog-rate-limit':
        options.datadogRateLimit = numeric(flag, value());
        break;
      case '--fault': {
        const spec = value() ?? '';
        const m = /^([^:]+):(.*)$/.exec(spec);
        if (!m)
          throw new Error(
            '--fault needs <upstream>:<key>=<value>[,<key>=<value>]',
          );
        const raw = Object.fromEntries(
          m[2]
            .split(',')
            .filter(Boolean)
            .map(kv => {
              const [k, v = 'true'] = kv.split('=');
              return [k, v];
            }),
        );
        options.faults[m[1]] = parseFaultSpec(raw);
        break;
      }
      case '--help':
      case '-h':
        throw new Error('help');
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return options;
}

const USAGE = `Usage: platform-sim [--seed n] [--scale default|benchmark] [--services n] [--nodes n]
       [--findings n] [--days n] [--port-base n | --ephemeral] [--ports-file path]
       [--catalog-file path] [--org-file path] [--fault upstream:key=value,...] [--datadog-rate-limit n]`;

async function main() {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if ((e as Error).message !== 'help')
      console.error(`platform-sim: ${(e as Error).message}`);
    console.error(USAGE);
    process.exit((e as Error).message === 'help' ? 0 : 2);
  }
  const t0 = process.hrtime.bigint();
  const scenario = createScenario(options.scenario);
  const sim = await startPlatformSim({
    scenario,
    ports: options.ports,
    faults: options.faults,
    people: options.orgFile ? await loadPeople(options.orgFile) : undefined,
    datadogRateLimit: options.datadogRateLimit
      ? { limit: options.datadogRateLimit, periodSeconds: 60 }
      : undefined,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (options.portsFile) {
    const file = resolve(options.portsFile);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(sim.ports, null, 2)}\n`);
  }
  if (options.catalogFile) {
    const file = resolve(options.catalogFile);
    await mkdir(dirname(file), { recursive: true });
    await writeCatalogFile(scenario, file);
  }
  const { urls } = sim;
  const o = scenario.options;
  console.log(
    `platform-sim: seed ${o.seed}, ${o.services} services, ${
      scenario.nodes.prod.length + scenario.nodes.nonprod.length
    } nodes, ${o.findings} findings, ${o.days} days`,
  );
  console.log(`  kubernetes prod     ${urls.kubernetes.prod}`);
  console.log(`  kubernetes nonprod  ${urls.kubernetes.nonprod}`);
  console.log(`  argocd prod         ${urls.argocd.prod}`);
  console.log(`  argocd nonprod      ${urls.argocd.nonprod}`);
  console.log(`  datadog             ${urls.datadog}`);
  console.log(`  aws securityhub     ${urls.aws.securityhub}`);
  console.log(`  aws inspector2      ${urls.aws.inspector2}`);
  console.log(`  aws costexplorer    ${urls.aws.costexplorer}`);
  console.log(`  opencost            ${urls.opencost}`);
  console.log(
    `  idp (OIDC)          ${urls.idp}  (people: ${sim.idp.people
      .map(p => p.sub)
      .join(', ')})`,
  );
  console.log(
    `  admin               ${urls.admin}  (catalog: ${urls.admin}/catalog/entities.yaml)`,
  );
  if (Object.keys(options.faults).length) {
    console.log(`  faults              ${JSON.stringify(options.faults)}`);
  }
  console.log(`platform-sim ready in ${Math.round(ms)} ms`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(error => {
    console.error(`platform-sim: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
