import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { createPierGuards } from './guards';
import { startupLockedDatabaseServiceFactory } from './startupLock';

const backend = createBackend();

// Replicas start one at a time on PostgreSQL (startupLock.ts): each plugin's database is handed
// out under an advisory lock held until the backend has started, so migrations never race.
backend.add(startupLockedDatabaseServiceFactory);

// Guards around third-party plugins without permission checks of their own (guards.ts): Argo CD
// is read-only whatever the spelling of the path (at the root, and again inside the argocd
// plugin's router, where reads need Pier's argocd.application.read); the scheduler's trigger
// routes are refused; Kubernetes custom-resource queries only for the kinds config names.
const guards = createPierGuards();
backend.add(
  rootHttpRouterServiceFactory({
    configure: ({ app, applyDefaults }) => {
      guards.installRoot(app);
      applyDefaults();
    },
  }),
);
for (const guard of guards.modules) backend.add(guard);

// Serves the built frontend (packages/app) from the backend: one process, one port.
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the company IdP over OIDC only, locally (platform-sim's IdP) as in production, with
// one resolver: the catalog User with the IdP's e-mail, or a refusal naming the e-mail
// (plugins/auth-backend-module-pier-oidc, built on the oidc auth module's authenticator).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@internal/plugin-auth-backend-module-pier-oidc'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Who may do what: deny by default, the table in packages/access-policy
// (plugins/permission-backend-module-pier-policy).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-pier-policy'));

// Search: Postgres full-text in production, in-memory Lunr on SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// User settings (starred entities, theme) and the signals channel that keeps them in sync.
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Deploy status for reviewers: workloads in both clusters, and their Argo CD applications
// (read-only: see readOnlyArgoCd.ts).
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
// The reviewers' deployments board: every service × cluster, read from both Argo CDs once per
// refresh period whatever the number of viewers (plugins/deployments-backend).
backend.add(import('@internal/plugin-deployments-backend'));
// Datadog APM on the service page: metrics, versions, monitors, SLOs (plugins/datadog-apm-backend).
backend.add(import('@internal/plugin-datadog-apm-backend'));

// Leads' cost view: hourly Karpenter node/pod snapshots allocated to services (plugins/platform-cost-backend).
backend.add(import('@internal/plugin-platform-cost-backend'));

// Self-service templates (templates/*): the scaffolder, GitHub publishing for production, and Pier's
// validation/publishing actions and form preview (plugins/scaffolder-backend-module-platform).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@internal/plugin-scaffolder-backend-module-platform'));

// Security findings (SecurityHub + Inspector) per service and for leads, ingested on a schedule
// and joined with the image digests running in both clusters (plugins/security-findings-backend).
backend.add(import('@internal/plugin-security-findings-backend'));

// The service overview: one verdict per cluster, joined from the four plugins above with the
// caller's identity (plugins/service-overview-backend).
backend.add(import('@internal/plugin-service-overview-backend'));

// Pier's knowledge for assistants: the plugins' actions (backend.actions.pluginSources) as MCP tools
// over Streamable HTTP at /api/mcp-actions/v1, authenticated with the person's own token; each
// call is permission-checked with their credentials and audited.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
