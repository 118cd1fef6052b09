import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  capabilityAccess,
  capabilityById,
  explainOwnerRefusal,
  ownerChoicesOf,
  personasOf,
} from '@internal/access-policy';

/** A team the caller may choose as owner, for the form's owner picker. */
export interface OwnerChoice {
  entityRef: string;
  title: string;
}

function normalizeRef(ref: string, defaultKind: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/**
 * Who may run which template with which owner, decided on the server from the caller's catalog
 * memberships and the permission table (@internal/access-policy): junior developers and the
 * platform team run templates; the owner must be one of the caller's teams (the platform team: any
 * team); a Template hidden from the caller (platform-only) is refused, not merely not found.
 */
export function createTemplateRuns(deps: {
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
}) {
  const { catalog, auth, userInfo } = deps;

  const teams = async (): Promise<Entity[]> => {
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Group', 'spec.type': 'team' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  };

  /** The teams the caller may choose as owner (empty when they may not run templates). */
  const ownerChoices = async (
    credentials: BackstageCredentials,
  ): Promise<OwnerChoice[]> => {
    if (!auth.isPrincipal(credentials, 'user')) return [];
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    const all = await teams();
    const allowed = new Set(
      ownerChoicesOf(
        ownershipEntityRefs,
        all.map(t => stringifyEntityRef(t)),
      ),
    );
    return all
      .filter(t =>
        allowed.has(stringifyEntityRef(t).toLocaleLowerCase('en-US')),
      )
      .map(t => ({
        entityRef: stringifyEntityRef(t),
        title: t.metadata.title ?? t.metadata.name,
      }))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  };

  /**
   * Loads the template as the caller and checks they may run it with these values; throws
   * NotAllowedError (with the reason and who can grant it) or NotFoundError.
   */
  const check = async (
    credentials: BackstageCredentials,
    templateRef: string,
    values: unknown,
  ): Promise<Entity> => {
    const ref = normalizeRef(templateRef, 'template');
    if (!auth.isPrincipal(credentials, 'user')) {
      // Service principals (Pier's own plugins, static external-access tokens) are not persons.
      const template = await catalog.getEntityByRef(ref, { credentials });
      if (!template) throw new NotFoundError(`No template ${ref}`);
      return template;
    }
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    const personas = personasOf(ownershipEntityRefs);
    if (capabilityAccess('scaffolder.run', personas) !== 'allow') {
      throw new NotAllowedError(capabilityById('scaffolder.run').refusal);
    }
    const template = await catalog.getEntityByRef(ref, { credentials });
    if (!template) {
      const exists = await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (exists) {
        throw new NotAllowedError(
          capabilityById('scaffolder.platform-templates').refusal,
        );
      }
      throw new NotFoundError(`No template ${ref}`);
    }
    const allowed = ownerChoicesOf(
      ownershipEntityRefs,
      (await teams()).map(t => stringifyEntityRef(t)),
    );
    // Every owner field the template has must hold one of the caller's choices: a value that is
    // missing (an API call that leaves it out) is refused like a wrong one.
    for (const field of ownerFieldsOf(template)) {
      const owner = (values as Record<string, unknown> | undefined)?.[field];
      if (owner === undefined || owner === null || owner === '') {
        throw new NotAllowedError(
          `A template run needs its owner ('${field}'): one of ${
            allowed.length
              ? allowed.join(', ')
              : 'your teams (you belong to none)'
          }`,
        );
      }
      let ownerRef: string;
      try {
        ownerRef = normalizeRef(String(owner), 'group');
      } catch {
        ownerRef = String(owner);
      }
      if (!allowed.includes(ownerRef)) {
        throw new NotAllowedError(explainOwnerRefusal(ownerRef, allowed));
      }
    }
    return template;
  };

  return { ownerChoices, check };
}

export type TemplateRuns = ReturnType<typeof createTemplateRuns>;

/** The form fields of a template that choose its owner (Pier's owner picker, or named `owner`). */
export function ownerFieldsOf(template: Entity): string[] {
  const parameters = (template.spec as { parameters?: unknown })?.parameters;
  const pages = Array.isArray(parameters) ? parameters : [parameters];
  const fields = new Set<string>();
  for (const page of pages) {
    const properties = (page as { properties?: Record<string, any> })
      ?.properties;
    for (const [name, schema] of Object.entries(properties ?? {})) {
      if (name === 'owner' || schema?.['ui:field'] === 'PierOwner') {
        fields.add(name);
      }
    }
  }
  return [...fields];
}
