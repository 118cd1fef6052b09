import { Server } from 'node:http';
import { Scenario, createScenario } from './scenario';
import { ClusterState } from './scenario/kubernetes';
import { ClusterName, ScenarioOptions } from './scenario/types';
import { createAdminServer } from './servers/admin';
import { ArgoCdApi, createArgoCdServer } from './servers/argocd';
import { createCostExplorerServer } from './servers/costExplorer';
import {
  DatadogApi,
  DatadogRateLimit,
  createDatadogServer,
} from './servers/datadog';
import { FaultRegistry, FaultSpec } from './servers/faults';
import { close, listen } from './servers/http';
import { createInspector2Server } from './servers/inspector2';
import { KubernetesApi, createKubernetesServer } from './servers/kubernetes';
import { IdpApi, createIdpServer, loadOidcProvider } from './servers/idp';
import { IdpPerson, loadPeople } from './idp/people';
import { createOpenCostServer } from './servers/opencost';
import { createSecurityHubServer } from './servers/securityhub';

export interface PlatformSimPorts {
  kubernetes: { prod: number; nonprod: number };
  argocd: { prod: number; nonprod: number };
  datadog: number;
  aws: { securityhub: number; inspector2: number; costexplorer: number };
  opencost: number;
  admin: number;
  /** The OpenID Connect IdP (issuer `http://127.0.0.1:<idp>`). */
  idp: number;
}

/** The fixed local ports (7300–7309, and 7311 for the IdP: 7310 is start.sh's git host). */
export const DEFAULT_PORTS: PlatformSimPorts = {
  admin: 7300,
  kubernetes: { prod: 7301, nonprod: 7302 },
  argocd: { prod: 7303, nonprod: 7304 },
  datadog: 7305,
  aws: { securityhub: 7306, inspector2: 7307, costexplorer: 7308 },
  opencost: 7309,
  idp: 7311,
};

/** Every port 0: the OS picks free ones (for tests). */
export const EPHEMERAL_PORTS: PlatformSimPorts = {
  admin: 0,
  kubernetes: { prod: 0, nonprod: 0 },
  argocd: { prod: 0, nonprod: 0 },
  datadog: 0,
  aws: { securityhub: 0, inspector2: 0, costexplorer: 0 },
  opencost: 0,
  idp: 0,
};

export interface StartPlatformSimOptions {
  /** An existing scenario, or options to create one. */
  scenario?: Scenario | ScenarioOptions;
  ports?: PlatformSimPorts;
  /** Faults active from the start, by upstream selector. */
  faults?: Record<string, FaultSpec>;
  datadogRateLimit?: DatadogRateLimit;
  /** The IdP's people; default: the User entities of the repository's catalog/org.yaml (+ Nora). */
  people?: IdpPerson[];
}

export interface PlatformSim {
  scenario: Scenario;
  ports: PlatformSimPorts;
  /** Base URLs, e.g. `urls.kubernetes.prod` = `http://127.0.0.1:7301`. */
  urls: {
    kubernetes: { prod: string; nonprod: string };
    argocd: { prod: string; nonprod: string };
    datadog: string;
    aws: { securityhub: string; inspector2: string; costexplorer: string };
    opencost: string;
    admin: string;
    /** The IdP's issuer; its metadata is at `${idp}/.well-known/openid-configuration`. */
    idp: string;
  };
  faults: FaultRegistry;
  kubernetes: Record<ClusterName, KubernetesApi>;
  argocd: Record<ClusterName, ArgoCdApi>;
  datadog: DatadogApi;
  idp: IdpApi;
  stop(): Promise<void>;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

function isScenario(s: Scenario | ScenarioOptions | undefined): s is Scenario {
  return !!s && Array.isArray((s as Scenario).services);
}

/** Starts every simulated upstream and the admin endpoint on 127.0.0.1. */
export async function startPlatformSim(
  options: StartPlatformSimOptions = {},
): Promise<PlatformSim> {
  const scenario = isScenario(options.scenario)
    ? options.scenario
    : createScenario(options.scenario);
  const wanted = options.ports ?? DEFAULT_PORTS;
  const faults = new FaultRegistry();
  for (const [upstream, spec] of Object.entries(options.faults ?? {})) {
    faults.set(upstream, spec);
  }

  const kProd = createKubernetesServer(scenario, 'prod', faults);
  const kNonprod = createKubernetesServer(scenario, 'nonprod', faults);
  const clusterStates = new Map<ClusterName, ClusterState>([
    ['prod', kProd.api.state],
    ['nonprod', kNonprod.api.state],
  ]);
  const aProd = createArgoCdServer(scenario, 'prod', kProd.api.state, faults);
  const aNonprod = createArgoCdServer(
    scenario,
    'nonprod',
    kNonprod.api.state,
    faults,
  );
  const dd = createDatadogServer(
    scenario,
    faults,
    options.datadogRateLimit,
    !isScenario(options.scenario) && !options.scenario?.now,
  );
  const sh = createSecurityHubServer(scenario, faults);
  const insp = createInspector2Server(scenario, faults);
  const ce = createCostExplorerServer(scenario, faults);
  const oc = createOpenCostServer(scenario, clusterStates, faults);
  await loadOidcProvider();
  const idp = createIdpServer({
    people: options.people ?? (await loadPeople()),
    faults,
  });

  const servers: Server[] = [];
  const start = async (server: Server, port: number) => {
    servers.push(server);
    return listen(server, port);
  };
  let ports: PlatformSimPorts | undefined;
  const admin = createAdminServer({ scenario, faults, ports: () => ports });
  try {
    ports = {
      kubernetes: {
        prod: await start(kProd.server, wanted.kubernetes.prod),
        nonprod: await start(kNonprod.server, wanted.kubernetes.nonprod),
      },
      argocd: {
        prod: await start(aProd.server, wanted.argocd.prod),
        nonprod: await start(aNonprod.server, wanted.argocd.nonprod),
      },
      datadog: await start(dd.server, wanted.datadog),
      aws: {
        securityhub: await start(sh.server, wanted.aws.securityhub),
        inspector2: await start(insp.server, wanted.aws.inspector2),
        costexplorer: await start(ce.server, wanted.aws.costexplorer),
      },
      opencost: await start(oc.server, wanted.opencost),
      admin: await start(admin, wanted.admin),
      idp: await start(idp.server, wanted.idp),
    };
    idp.setIssuer(url(ports.idp));
  } catch (error) {
    await Promise.all(servers.filter(s => s.listening).map(close));
    throw error;
  }
  const p = ports;
  return {
    scenario,
    ports: p,
    urls: {
      kubernetes: {
        prod: url(p.kubernetes.prod),
        nonprod: url(p.kubernetes.nonprod),
      },
      argocd: { prod: url(p.argocd.prod), nonprod: url(p.argocd.nonprod) },
      datadog: url(p.datadog),
      aws: {
        securityhub: url(p.aws.securityhub),
        inspector2: url(p.aws.inspector2),
        costexplorer: url(p.aws.costexplorer),
      },
      opencost: url(p.opencost),
      admin: url(p.admin),
      idp: url(p.idp),
    },
    faults,
    kubernetes: { prod: kProd.api, nonprod: kNonprod.api },
    argocd: { prod: aProd.api, nonprod: aNonprod.api },
    datadog: dd.api,
    idp: idp.api,
    stop: async () => {
      await Promise.all(servers.map(close));
    },
  };
}
