import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import type { EntityReader } from './entities';
import type { AnyZodObject, z } from 'zod/v3';

/** Who called, in the audit log's words: the user's entity ref, or the service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal?.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return principal?.type ?? 'unknown';
}

/**
 * Authorizes credentials (not a request) for a permission: the check behind every Pier action.
 * Resolves when allowed; throws NotAllowedError with the table's refusal text otherwise.
 *
 * @public
 */
export async function authorizeCredentials(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [
      resourceRef !== undefined && permission.type === 'resource'
        ? { permission: permission as ResourcePermission, resourceRef }
        : { permission: permission as BasicPermission },
    ],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(explainRefusal(permission.name));
  }
}

/** One read-only action of a Pier plugin, as `PierActions.register` takes it. @public */
export interface PierActionDefinition<
  TInput extends AnyZodObject,
  TOutput extends AnyZodObject,
> {
  /** kebab-case; the MCP tool is `<plugin id>.<name>`. */
  name: string;
  title: string;
  /** What an assistant reads to choose the tool: what it answers, for whom, and how long. */
  description: string;
  /** Checked with the caller's credentials before anything is read (may depend on the input). */
  permission:
    | BasicPermission
    | ResourcePermission
    | ((input: z.infer<TInput>) => BasicPermission | ResourcePermission);
  /**
   * The catalog entity the input names (`payments-api`), for a resource permission: it is looked
   * up with the caller's credentials first (one they may not see is "No service named … that you
   * can see", as one that does not exist), then the permission is checked on it.
   */
  entity?: (input: z.infer<TInput>) => string | undefined;
  input: (zod: typeof z) => TInput;
  output: (zod: typeof z) => TOutput;
  examples?: Array<{ title: string; input: z.infer<TInput> }>;
  /** The answer, read with the caller's credentials. */
  run(
    input: z.infer<TInput>,
    credentials: BackstageCredentials,
  ): Promise<z.infer<TOutput>>;
}

/** @public */
export interface PierActions {
  register<TInput extends AnyZodObject, TOutput extends AnyZodObject>(
    action: PierActionDefinition<TInput, TOutput>,
  ): void;
}

/**
 * Registers a plugin's actions with Backstage's actions registry (served over MCP by
 * `@backstage/plugin-mcp-actions-backend` and over HTTP at
 * `/api/<plugin>/.backstage/actions/v1/actions/<plugin>:<name>/invoke`), each one permission-checked
 * with the caller's credentials, as the plugin's own routes are, and audited with its actor,
 * input and outcome. Every Pier action only reads: none touches an upstream on its own.
 *
 * @public
 */
export function createPierActions(deps: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: EntityByRefReader;
}): PierActions {
  const { actionsRegistry, permissions, auditor, catalog } = deps;
  return {
    register(action) {
      actionsRegistry.register({
        name: action.name,
        title: action.title,
        description: action.description,
        schema: { input: action.input, output: action.output },
        attributes: { readOnly: true, idempotent: true, destructive: false },
        examples: action.examples,
        action: async ({ input, credentials }) => {
          const event = await auditor.createEvent({
            eventId: 'action-invoked',
            // medium: written at info level by default, as the Kubernetes proxy's reads are
            severityLevel: 'medium',
            meta: {
              action: action.name,
              actor: actorOf(credentials),
              input: JSON.parse(JSON.stringify(input ?? {})),
            },
          });
          try {
            const named = action.entity?.(input);
            const resourceRef = named
              ? stringifyEntityRef(
                  await findVisibleEntity<Entity>(catalog, named, credentials),
                ).toLocaleLowerCase('en-US')
              : undefined;
            await authorizeCredentials(
              permissions,
              credentials,
              typeof action.permission === 'function'
                ? action.permission(input)
                : action.permission,
              resourceRef,
            );
            const output = await action.run(input, credentials);
            await event.success();
            return { output };
          } catch (error) {
            await event.fail({ error: error as Error });
            throw error;
          }
        },
      } as Parameters<ActionsRegistryService['register']>[0]);
    },
  };
}

/**
 * The entity ref a person means by `payments-api` or `component:payments-api` (kind and namespace
 * defaulted, lower case), or `undefined` when it is not one.
 *
 * @public
 */
export function entityRefOf(
  name: string,
  defaultKind = 'component',
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(name.trim(), {
        defaultKind,
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The part of the catalog that `findVisibleEntity` calls; a `CatalogService` is one. @public */
export type EntityByRefReader = EntityReader<unknown>;

/**
 * The catalog entity an assistant or a script names (`payments-api`, `component:payments-api` or
 * `component:default/payments-api`), read with the caller's credentials; one the caller may not
 * see is not told apart from one that does not exist: both throw NotFoundError("No service named
 * … that you can see").
 *
 * @public
 */
export async function findVisibleEntity<T>(
  catalog: EntityByRefReader,
  name: string,
  credentials: BackstageCredentials,
  options: { kind?: string; noun?: string } = {},
): Promise<T> {
  const kind = options.kind ?? 'component';
  const noun = options.noun ?? 'service';
  const trimmed = name.trim();
  const ref = entityRefOf(trimmed, kind);
  if (!ref) {
    throw new InputError(
      `"${name}" is not a ${noun} name: use its catalog name, e.g. payments-api`,
    );
  }
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`No ${noun} named "${trimmed}" that you can see`);
  }
  return entity as T;
}

/**
 * The input fields Pier's actions share, so every tool names a service or a team the same way.
 *
 * @public
 */
export const actionFields = {
  /** A service: catalog name or entity ref. */
  service: (zod: typeof z) =>
    zod
      .string()
      .min(1)
      .max(253)
      .describe(
        'The service: its catalog name (payments-api) or entity ref (component:default/payments-api)',
      ),
  /** An owning team: group name or group ref. */
  team: (zod: typeof z) =>
    zod
      .string()
      .min(1)
      .max(253)
      .describe('An owning team: group name (team-payments) or group ref'),
  /** How many rows at most. */
  limit: (zod: typeof z, defaultRows: number) =>
    zod.number().int().min(1).max(100).default(defaultRows),
};

/** The input of an action about one service: `{ service }`. */
export const serviceActionInput = (zod: typeof z) =>
  zod.object({ service: actionFields.service(zod) });
