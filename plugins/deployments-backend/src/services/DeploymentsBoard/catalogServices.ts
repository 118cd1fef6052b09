import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ECR_REPOSITORY_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/catalog-annotations';
import {
  matchesSelector,
  parseLabelSelector,
  selectorIndexHint,
} from './labelSelector';
import { AppLocator, ServiceRef } from './types';

const annotation = (entity: Entity, name: string) =>
  entity.metadata.annotations?.[name]?.trim() || undefined;

/**
 * Every Component with an Argo CD annotation (`argocd/app-name` or `argocd/app-selector`, as the
 * Roadie Argo CD plugin reads them), read with the plugin's own credentials.
 */
export async function listServices(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<ServiceRef[]> {
  const { items } = await options.catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: ['kind', 'metadata', 'spec.owner'],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  return items
    .map(entity => toServiceRef(entity, options.logger))
    .filter((s): s is ServiceRef => !!s);
}

function ownerOf(entity: Entity): string | undefined {
  const ownerValue = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof ownerValue !== 'string' || !ownerValue) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ownerValue, {
        defaultKind: 'group',
        defaultNamespace: getCompoundEntityRef(entity).namespace,
      }),
    );
  } catch {
    return ownerValue;
  }
}

/**
 * How the entity finds its apps. `argocd/app-name` wins, as in Roadie's plugin; application names
 * cannot hold a comma, so `a,b` names two apps. Throws on a selector that does not parse.
 */
export function appLocator(entity: Entity): AppLocator | undefined {
  const names = annotation(entity, ARGOCD_APP_NAME_ANNOTATION)
    ?.split(',')
    .map(n => n.trim())
    .filter(Boolean);
  if (names?.length) return { by: 'name', names: [...new Set(names)] };
  const selector = annotation(entity, ARGOCD_APP_SELECTOR_ANNOTATION);
  if (!selector) return undefined;
  const requirements = parseLabelSelector(selector);
  return {
    by: 'selector',
    selector,
    matches: labels => matchesSelector(requirements, labels),
    hint: selectorIndexHint(requirements),
  };
}

function toServiceRef(
  entity: Entity,
  logger: LoggerService,
): ServiceRef | undefined {
  const entityRef = stringifyEntityRef(entity);
  let locator;
  try {
    locator = appLocator(entity);
  } catch (error) {
    logger.warn(`Ignoring ${entityRef}: ${stringifyError(error)}`);
    return undefined;
  }
  if (!locator) return undefined;
  const owner = ownerOf(entity);
  const kubernetesNamespace = annotation(
    entity,
    KUBERNETES_NAMESPACE_ANNOTATION,
  );
  const imageRepository = annotation(entity, ECR_REPOSITORY_ANNOTATION);
  const instance = annotation(entity, ARGOCD_INSTANCE_NAME_ANNOTATION);
  const appNamespace = annotation(entity, ARGOCD_APP_NAMESPACE_ANNOTATION);
  return {
    entityRef,
    name: entity.metadata.name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(owner ? { owner } : {}),
    kubernetesId:
      annotation(entity, KUBERNETES_ID_ANNOTATION) ?? entity.metadata.name,
    ...(kubernetesNamespace ? { kubernetesNamespace } : {}),
    ...(imageRepository ? { imageRepository } : {}),
    locator,
    ...(instance ? { instance } : {}),
    ...(appNamespace ? { appNamespace } : {}),
  };
}
