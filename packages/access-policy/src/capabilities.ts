import { ACCESS_CONTACT, PersonaId } from './personas';

/**
 * Who holds a capability: everyone signed in, nobody, a persona, the owning team of the entity the
 * permission is about (`owners`), or the person who started a scaffolder task (`task-owner`).
 *
 * @public
 */
export type Audience =
  | 'everyone'
  | 'nobody'
  | PersonaId
  | 'owners'
  | 'task-owner';

/** @public */
export interface Capability {
  /** Stable id, e.g. `cost.dashboard`. */
  id: string;
  /** What it lets you do, phrased to follow "may", e.g. "read the organisation-wide cost dashboard". */
  action: string;
  /** The Backstage permission names that make up the capability (none: enforced otherwise). */
  permissions: readonly string[];
  /** Who holds it. */
  who: readonly Audience[];
  /** Who, in words, for the README table. */
  whoText: string;
  /** The refusal a person sees: why, and who can grant it. */
  refusal: string;
  /** How it is enforced, when not by the permission alone. */
  note?: string;
}

/**
 * The label that restricts a Template to the platform team (the policy hides such Templates from
 * everyone else: catalog.entity.read is conditional on it).
 *
 * @public
 */
export const PLATFORM_ONLY_LABEL = {
  key: 'pier.example.com/audience',
  value: 'platform',
} as const;

/**
 * Pier's own permission for Argo CD reads through the Roadie backend (which has none of its own).
 *
 * @public
 */
export const ARGOCD_READ_PERMISSION_NAME = 'argocd.application.read';

const ask = (what: string) => `ask ${ACCESS_CONTACT} to ${what}`;

/**
 * The permission table. Deny by default: a permission that is in no row is refused to every person.
 * Service principals (Pier's own plugins, static external-access tokens) are not persons: Backstage
 * allows them without asking the policy.
 *
 * @public
 */
export const CAPABILITIES: readonly Capability[] = [
  {
    id: 'catalog.read',
    action: 'read the catalog (entities, locations) and refresh entities',
    permissions: [
      'catalog.entity.read',
      'catalog.location.read',
      'catalog.entity.refresh',
    ],
    who: ['everyone'],
    whoText:
      'every signed-in person (Templates labelled `pier.example.com/audience: platform`: the platform team only)',
    refusal: `Only people with a catalog User may read the catalog; ${ask(
      'add you to catalog/org.yaml',
    )}.`,
  },
  {
    id: 'catalog.register',
    action: 'register Locations, create or validate entities',
    permissions: [
      'catalog.location.create',
      'catalog.entity.create',
      'catalog.location.analyze',
      'catalog.entity.validate',
      'catalog.ingestion.read',
      'catalog.ingestion.manage',
    ],
    who: ['platform'],
    whoText: 'the platform team',
    refusal: `Only the platform team may register Locations and create entities; ${ask(
      'register it for you',
    )}.`,
  },
  {
    id: 'catalog.delete',
    action: 'unregister entities and delete Locations',
    permissions: ['catalog.entity.delete', 'catalog.location.delete'],
    who: ['platform', 'owners'],
    whoText: "the platform team (any); an entity's owning team (its own)",
    refusal: `Only an entity's owning team and the platform team may unregister it; ${ask(
      'unregister it for you',
    )}.`,
  },
  {
    id: 'deploy.read',
    action:
      "read the deployments board, the Kubernetes tab, Argo CD applications, Datadog APM and a service's overview (whose security and cost parts follow their own rows)",
    permissions: [
      'deployments.board.read',
      'service-overview.entity.read',
      'kubernetes.clusters.read',
      'kubernetes.resources.read',
      ARGOCD_READ_PERMISSION_NAME,
      'datadog-apm.service.read',
    ],
    who: ['everyone'],
    whoText: 'every signed-in person',
    refusal: `Only people with a catalog User may read deployments; ${ask(
      'add you to catalog/org.yaml',
    )}.`,
  },
  {
    id: 'kubernetes.proxy',
    action: 'call the clusters through the Kubernetes proxy',
    permissions: ['kubernetes.proxy'],
    who: ['nobody'],
    whoText: "nobody; Pier's own backend plugins use it as service principals",
    refusal: `Nobody may use the Kubernetes proxy with Pier's cluster credentials: Pier's pages read the clusters for you; ${ask(
      'grant you cluster access the company way (kubectl with your own role)',
    )}.`,
  },
  {
    id: 'argocd.mutate',
    action: 'create, update, sync, terminate or delete Argo CD applications',
    permissions: [],
    who: ['nobody'],
    whoText: 'nobody, whatever the spelling of the path',
    refusal:
      'Nobody may change Argo CD applications through Pier: commit the change to the GitOps repository instead; Argo CD applies it.',
    note: 'refused before the Roadie backend by a guard on /api/argocd',
  },
  {
    id: 'scheduler.trigger',
    action:
      "trigger or cancel a plugin's scheduled job (catalog, search, cost, security ingestion)",
    permissions: [],
    who: ['nobody'],
    whoText: 'nobody; the jobs run on their schedule',
    refusal: `Nobody may trigger or cancel Pier's scheduled jobs through the API: they run on their schedule; ${ask(
      're-run one if it is needed',
    )}.`,
    note: 'refused before every plugin by a root guard on `/api/*/.backstage/scheduler/`',
  },
  {
    id: 'security.entity',
    action: "read a service's security findings",
    permissions: ['security-findings.entity.read'],
    who: ['owners', 'reviewer', 'lead', 'platform'],
    whoText: 'its owning team, reviewers, leads, the platform team',
    refusal: `Only the service's owning team, reviewers, leads and the platform team may read its security findings; ${ask(
      'add you to the owning team or to the Reviewers group',
    )}.`,
  },
  {
    id: 'cost.entity',
    action: "read a service's cost card",
    permissions: ['platform-cost.entity.read'],
    who: ['owners', 'reviewer', 'lead', 'platform'],
    whoText: 'its owning team, reviewers, leads, the platform team',
    refusal: `Only the service's owning team, reviewers, leads and the platform team may read its cost; ${ask(
      'add you to the owning team or to the Reviewers group',
    )}.`,
  },
  {
    id: 'security.dashboard',
    action: 'read the organisation-wide security dashboard and its CSV export',
    permissions: ['security-findings.dashboard.read'],
    who: ['lead', 'platform'],
    whoText: 'leads, the platform team',
    refusal: `Only leads and the platform team may read the organisation-wide security dashboard; ${ask(
      'add you to the Leads group',
    )}.`,
  },
  {
    id: 'cost.dashboard',
    action: 'read the organisation-wide cost dashboard and its CSV export',
    permissions: ['platform-cost.dashboard.read'],
    who: ['lead', 'platform'],
    whoText: 'leads, the platform team',
    refusal: `Only leads and the platform team may read the organisation-wide cost dashboard; ${ask(
      'add you to the Leads group',
    )}.`,
  },
  {
    id: 'scaffolder.run',
    action: 'run the service and Argo CD app templates',
    permissions: [
      'scaffolder.task.create',
      'scaffolder.action.execute',
      'scaffolder.template.parameter.read',
      'scaffolder.template.step.read',
    ],
    who: ['junior', 'platform'],
    whoText:
      "junior developers and the platform team; owner: one of the caller's teams (platform: any team), checked on the server when the task is created",
    refusal: `Only junior developers and the platform team may run templates; ${ask(
      'add you to the Junior developers group',
    )}.`,
  },
  {
    id: 'scaffolder.platform-templates',
    action: 'see and run the Terraform-module template',
    permissions: [],
    who: ['platform'],
    whoText: `the platform team (Templates labelled \`${PLATFORM_ONLY_LABEL.key}: ${PLATFORM_ONLY_LABEL.value}\`)`,
    refusal: `Only the platform team may run this template; ${ask(
      'run it for you',
    )}.`,
    note: 'catalog.entity.read is conditional on the label for everyone else',
  },
  {
    id: 'scaffolder.manage',
    action:
      'dry-run an inline template and use the template editor and management pages',
    permissions: [
      'scaffolder.template.dry-run',
      'scaffolder.template.management',
    ],
    who: ['platform'],
    whoText:
      "the platform team (the form preview of everyone else goes through Pier's preview endpoint, which dry-runs the catalog's template with the same owner check)",
    refusal: `Only the platform team may dry-run inline templates or edit templates; ${ask(
      'review your template change',
    )}.`,
  },
  {
    id: 'scaffolder.tasks',
    action: 'read and cancel scaffolder tasks',
    permissions: ['scaffolder.task.read', 'scaffolder.task.cancel'],
    who: ['task-owner', 'platform'],
    whoText: 'the person who started the task; the platform team (all tasks)',
    refusal: `Only the person who started a task and the platform team may read or cancel it; ${ask(
      'look at it for you',
    )}.`,
  },
  {
    id: 'everyday',
    action:
      'search, keep user settings, receive signals, ask the permission framework, sign in',
    permissions: [],
    who: ['everyone'],
    whoText: 'every signed-in person',
    refusal: `Only people with a catalog User may use Pier; ${ask(
      'add you to catalog/org.yaml',
    )}.`,
  },
];

/**
 * The capability a permission belongs to, or undefined (then the policy denies it to every person).
 *
 * @public
 */
export function capabilityOf(permissionName: string): Capability | undefined {
  return CAPABILITIES.find(c => c.permissions.includes(permissionName));
}

/** @public */
export function capabilityById(id: string): Capability {
  const capability = CAPABILITIES.find(c => c.id === id);
  if (!capability) {
    throw new Error(`Unknown capability '${id}'`);
  }
  return capability;
}

/**
 * The refusal text for a permission: why, and who can grant it.
 *
 * @public
 */
export function explainRefusal(permissionName: string): string {
  return (
    capabilityOf(permissionName)?.refusal ??
    `Nobody may use '${permissionName}' in Pier (it is in no row of the permission table); ${ask(
      'add it to the table if you need it',
    )}.`
  );
}

/**
 * The refusal when a person picks an owner that is not one of their teams.
 *
 * @public
 */
export function explainOwnerRefusal(
  owner: string,
  allowedTeams: readonly string[],
): string {
  const yours = allowedTeams.length
    ? `yours: ${allowedTeams.join(', ')}`
    : 'you belong to no team';
  return `Only members of ${owner} and the platform team may create something owned by ${owner} (${yours}); ${ask(
    `add you to ${owner}`,
  )}.`;
}
