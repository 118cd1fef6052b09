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
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ECR_REPOSITORY_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/catalog-annotations';
import { ServiceRef } from './buildRows';
import {
  matchesSelector,
  parseLabelSelector,
  selectorIndexHint,
} from './labelSelector';

/** Every Component with an Argo CD selector (read with the plugin's own credentials). */
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
    .filter(e => !!e.metadata.annotations?.[ARGOCD_APP_SELECTOR_ANNOTATION])
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

function toServiceRef(
  entity: Entity,
  logger: LoggerService,
): ServiceRef | undefined {
  const selector = entity.metadata.annotations![ARGOCD_APP_SELECTOR_ANNOTATION];
  const entityRef = stringifyEntityRef(entity);
  let requirements;
  try {
    requirements = parseLabelSelector(selector);
  } catch (error) {
    logger.warn(`Ignoring ${entityRef}: ${stringifyError(error)}`);
    return undefined;
  }
  const owner = ownerOf(entity);
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesNamespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  const imageRepository = annotations[ECR_REPOSITORY_ANNOTATION]?.trim();
  return {
    entityRef,
    name: entity.metadata.name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(owner ? { owner } : {}),
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
    ...(kubernetesNamespace ? { kubernetesNamespace } : {}),
    ...(imageRepository ? { imageRepository } : {}),
    selectorMatches: labels => matchesSelector(requirements, labels),
    selectorHint: selectorIndexHint(requirements),
  };
}
