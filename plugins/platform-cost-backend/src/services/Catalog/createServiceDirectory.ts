import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/catalog-annotations';

export interface ServiceOwner {
  entityRef: string;
  /** Owner group ref, e.g. `group:default/team-payments`. */
  team?: string;
}

/** Maps a workload (namespace + kubernetes-id label) to its catalog entity and owning team. */
export type ServiceDirectory = (
  namespace: string,
  kubernetesId: string,
) => ServiceOwner | undefined;

export function kubernetesIdOf(entity: Entity) {
  return (
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
    entity.metadata.name
  );
}

export function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

/** Reads every Component once (a workload's kubernetes-id defaults to the entity name). */
export async function loadServiceDirectory(
  catalog: CatalogService,
  auth: AuthService,
): Promise<ServiceDirectory> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: ['kind', 'metadata', 'spec.owner'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return serviceDirectoryFrom(items);
}

/** The directory of some catalog Components. */
export function serviceDirectoryFrom(items: Entity[]): ServiceDirectory {
  const exact = new Map<string, ServiceOwner>();
  const anyNamespace = new Map<string, ServiceOwner>();
  for (const entity of items) {
    const owner = {
      entityRef: stringifyEntityRef(entity),
      team: ownerRef(entity),
    };
    const id = kubernetesIdOf(entity);
    const ns = entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION];
    if (ns) exact.set(`${ns}/${id}`, owner);
    else anyNamespace.set(id, owner);
  }
  return (namespace, kubernetesId) =>
    exact.get(`${namespace}/${kubernetesId}`) ?? anyNamespace.get(kubernetesId);
}
