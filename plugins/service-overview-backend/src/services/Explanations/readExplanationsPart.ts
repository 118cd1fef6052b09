import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/catalog-annotations';
import { DeploymentsBoard } from '@internal/plugin-deployments-common';
import { ClusterExplanations } from '@internal/plugin-service-overview-common';
import { PartRead } from '../Parts';
import { ExplanationsService } from './createExplanations';

const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** Reads the caller's view of an entity (undefined: it does not exist or they may not see it). */
export type EntityGet = (
  entityRef: string,
  credentials: BackstageCredentials,
) => Promise<Entity | undefined>;

/**
 * The explanations part of a service's overview: what is wrong in each cluster where Argo CD
 * deploys it. It needs the deployments part (which cluster runs which application) and follows its
 * access: a caller who may not see the service's deployments sees no explanations either. The
 * entity is read with the caller's identity, so its annotations come from what they may see.
 */
export async function readExplanationsPart(options: {
  entityRef: string;
  deployments: PartRead<DeploymentsBoard>;
  credentials: BackstageCredentials;
  getEntity: EntityGet;
  explanations: ExplanationsService;
}): Promise<PartRead<ClusterExplanations[]>> {
  const { deployments } = options;
  if (deployments.state !== 'ok') {
    return {
      state: deployments.state,
      message: `Explanations need the deployments: ${deployments.message}`,
    };
  }
  let entity: Entity | undefined;
  try {
    entity = await options.getEntity(options.entityRef, options.credentials);
  } catch (e) {
    return {
      state: 'unavailable',
      message: `The catalog could not be read: ${(e as Error).message}`,
    };
  }
  const annotations = entity?.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  if (!entity || !kubernetesId || !namespace) {
    return {
      state: 'not-applicable',
      message: `No explanations without the ${KUBERNETES_ID_ANNOTATION} and ${KUBERNETES_NAMESPACE_ANNOTATION} annotations: add them to catalog-info.yaml.`,
    };
  }
  const rows = deployments.data.rows.filter(r => r.app);
  const data = await Promise.all(
    rows.map(row =>
      options.explanations.explain({
        target: {
          service: entity.metadata.name,
          cluster: row.cluster,
          kubernetesId,
          namespace,
          ...(annotations[SOURCE_LOCATION_ANNOTATION]
            ? { sourceLocation: annotations[SOURCE_LOCATION_ANNOTATION] }
            : {}),
        },
        app: { name: row.app!.name, namespace: row.app!.namespace },
      }),
    ),
  );
  return { state: 'ok', data };
}
