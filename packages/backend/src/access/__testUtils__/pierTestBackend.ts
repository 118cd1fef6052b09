import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import yaml from 'yaml';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { auditorServiceFactory } from '@backstage/backend-defaults/auditor';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import { rootHealthServiceFactory } from '@backstage/backend-defaults/rootHealth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
  metricsServiceFactory,
  tracingServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  DEFAULT_PORTS,
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '@internal/platform-sim';
import { createPierGuards } from '../../guards';
import { localAppConfig } from '../../__testUtils__/localAppConfig';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');

/** Every feature packages/backend/src/index.ts adds, in-process (see index.test.ts for the ones left out). */
export const IN_PROCESS_FEATURES = [
  '@backstage/plugin-app-backend',
  '@backstage/plugin-auth-backend',
  '@internal/plugin-auth-backend-module-pier-oidc',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-catalog-backend-module-logs',
  '@backstage/plugin-permission-backend',
  '@internal/plugin-permission-backend-module-pier-policy',
  '@backstage/plugin-search-backend',
  '@backstage/plugin-search-backend-module-catalog',
  '@backstage/plugin-user-settings-backend',
  '@backstage/plugin-signals-backend',
  '@backstage/plugin-kubernetes-backend',
  '@roadiehq/backstage-plugin-argo-cd-backend',
  '@internal/plugin-deployments-backend',
  '@internal/plugin-datadog-apm-backend',
  '@internal/plugin-platform-cost-backend',
  '@backstage/plugin-scaffolder-backend',
  '@backstage/plugin-catalog-backend-module-scaffolder-entity-model',
  '@backstage/plugin-scaffolder-backend-module-github',
  '@internal/plugin-scaffolder-backend-module-platform',
  '@internal/plugin-security-findings-backend',
  '@internal/plugin-service-overview-backend',
  '@backstage/plugin-mcp-actions-backend',
] as const;

/**
 * Left out, with the reason: PostgreSQL full-text search needs a PostgreSQL database (the test
 * backend's databases are SQLite; without pg the search backend uses its in-memory engine, same
 * routes).
 */
export const NOT_IN_PROCESS: Record<string, string> = {
  '@backstage/plugin-search-backend-module-pg':
    'needs PostgreSQL; the search backend mounts the same routes with its in-memory engine',
};

function flattenPorts(ports: object, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(ports)) {
    if (typeof v === 'number') out.set(prefix + k, v);
    else
      for (const [kk, vv] of flattenPorts(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** Pier's local config (app-config.yaml + app-config.sim.yaml), defaults of ${VAR:-default} taken, platform-sim's ports moved to the test's. */
export function appConfigFor(sim: PlatformSim) {
  const from = flattenPorts(DEFAULT_PORTS);
  const to = flattenPorts(sim.ports);
  const config = localAppConfig(original => {
    let text = original.replace(/\$\{PIER_REPO_ROOT:-[^}]*\}/g, REPO_ROOT);
    text = text.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
    for (const [key, port] of from) {
      text = text.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${to.get(key)}`);
    }
    return text;
  });
  delete config.backend.database;
  // Tasks the matrix starts must not publish anywhere: a closed port instead of start.sh's git host.
  config.templates.publishing.git.baseUrl = 'http://127.0.0.1:1';
  return config;
}

/**
 * The userInfo service as the auth backend fills it after Pier's sign-in resolver: the catalog
 * User and the groups it is a member of (catalog/org.yaml).
 */
export function orgUserInfoFactory() {
  const memberships = new Map<string, string[]>();
  for (const doc of yaml.parseAllDocuments(
    fs.readFileSync(path.join(REPO_ROOT, 'catalog', 'org.yaml'), 'utf8'),
  )) {
    const e = doc.toJS();
    if (e?.kind === 'User') {
      memberships.set(
        `user:default/${e.metadata.name}`,
        (e.spec.memberOf ?? []).map((g: string) => `group:default/${g}`),
      );
    }
  }
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const principal = credentials.principal as { userEntityRef?: string };
        if (!principal.userEntityRef) {
          throw new Error('getUserInfo needs a user principal');
        }
        const ref = principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(memberships.get(ref) ?? [])],
        };
      },
    }),
  });
}

/**
 * The mock auth service turns an on-behalf-of token (a plugin calling another for a user) back into
 * the bare user, where Backstage's real auth keeps the calling plugin as the principal's `actor`.
 * The permission backend tells the two apart (it refuses resource permissions without a
 * resourceRef from a user calling it directly), so the test double is given the actor back.
 */
function keepActorOfOnBehalfOfTokens() {
  const proto = Object.getPrototypeOf(mockServices.auth());
  if (proto.__pierKeepsActor) return;
  const authenticate = proto.authenticate;
  proto.authenticate = async function authenticateKeepingActor(
    this: unknown,
    token: string,
    options?: unknown,
  ) {
    const credentials = await authenticate.call(this, token, options);
    const prefix = 'mock-service-token:';
    if (
      token.startsWith(prefix) &&
      credentials.principal.type === 'user' &&
      !credentials.principal.actor
    ) {
      const { sub } = JSON.parse(token.slice(prefix.length));
      return mockCredentials.user(credentials.principal.userEntityRef, {
        actor: { subject: sub },
      });
    }
    return credentials;
  };
  proto.__pierKeepsActor = true;
}

/**
 * Pier's backend in-process: the features of index.ts, its root router configuration (the Argo CD
 * root guard before the plugins), the real permission backend with Pier's policy, the real catalog
 * (Pier's catalog files and platform-sim's services), against platform-sim.
 */
export async function startPierTestBackend() {
  keepActorOfOnBehalfOfTokens();
  const sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
  const guards = createPierGuards();
  let server:
    | (http.Server & { port(): number; stop(): Promise<void> })
    | undefined;
  let app: express.Express | undefined;

  // As index.ts configures the root router: Pier's guards, then the defaults.
  const rootHttpRouterFactory = rootHttpRouterServiceFactory({
    configure: ({ app: rootApp, server: rootServer, applyDefaults }) => {
      app = rootApp;
      server = rootServer as any;
      guards.installRoot(rootApp);
      applyDefaults();
    },
  });
  const discoveryFactory = createServiceFactory({
    service: coreServices.discovery,
    deps: { rootHttpRouter: coreServices.rootHttpRouter },
    async factory() {
      const port = server!.port();
      return HostDiscovery.fromConfig(
        new ConfigReader({
          backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { port } },
        }),
      );
    },
  });

  const config = appConfigFor(sim);
  config.backend.listen = { host: '127.0.0.1', port: 0 };
  // The service defaults of createBackend() (backend-defaults), except what a test must replace:
  // mock auth/httpAuth (mockCredentials), in-memory databases and cache, the config above, the
  // org's userInfo and a quiet logger.
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      // No credentials means no credentials (the mock's default is a signed-in test user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.database.factory(),
      mockServices.cache.factory(),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.rootLogger.factory(),
      mockServices.logger.factory(),
      schedulerServiceFactory,
      orgUserInfoFactory(),
      rootHttpRouterFactory,
      discoveryFactory,
      auditorServiceFactory,
      httpRouterServiceFactory,
      lifecycleServiceFactory,
      rootLifecycleServiceFactory,
      rootHealthServiceFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      urlReaderServiceFactory,
      eventsServiceFactory,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      metricsServiceFactory,
      tracingServiceFactory,
    ],
  });
  for (const name of IN_PROCESS_FEATURES) {
    backend.add(import(name));
  }
  for (const guard of guards.modules) backend.add(guard);
  await backend.start();
  return {
    backend,
    sim,
    server: server!,
    app: app!,
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}
