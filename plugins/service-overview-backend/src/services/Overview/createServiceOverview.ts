import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ReadThroughCache } from '@internal/backend-read-through-cache';
import { EntityDatadog } from '@internal/plugin-datadog-apm-common';
import { DeploymentsBoard } from '@internal/plugin-deployments-common';
import { EntityCost } from '@internal/plugin-platform-cost-common';
import { EntityFindingsResponse } from '@internal/plugin-security-findings-common';
import {
  ClusterExplanations,
  EntityExplanations,
  ServiceOverview,
} from '@internal/plugin-service-overview-common';
import {
  EntityGet,
  ExplanationsService,
  readExplanationsPart,
} from '../Explanations';
import { PartRead, PartReader, partStatus } from '../Parts';
import { composeOverview, explanationsStatus } from './composeOverview';

/** Every part of one service's overview, as the caller may see it. */
export interface OverviewParts {
  deployments: PartRead<DeploymentsBoard>;
  explanations: PartRead<ClusterExplanations[]>;
  security: PartRead<EntityFindingsResponse>;
  apm: PartRead<EntityDatadog>;
  cost: PartRead<EntityCost>;
}

export interface ServiceOverviewService {
  get(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ServiceOverview>;
  /** The explanations part alone (the Kubernetes and Deployments tabs). */
  explanations(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityExplanations>;
}

function entityExplanations(
  entityRef: string,
  part: PartRead<ClusterExplanations[]>,
  now: number,
): EntityExplanations {
  return {
    entityRef,
    generatedAt: new Date(now).toISOString(),
    status:
      part.state === 'ok'
        ? explanationsStatus(part.data)
        : partStatus('explanations', part),
    clusters: part.state === 'ok' ? part.data : [],
  };
}

/** Who the answer is for: each caller sees what they may, so answers are cached per caller. */
function callerKey(credentials: BackstageCredentials): string {
  const p: any = credentials.principal;
  return p?.userEntityRef ?? `${p?.type ?? 'unknown'}:${p?.subject ?? ''}`;
}

/**
 * Composes a service's overview from the other plugins' APIs, read in parallel with the caller's
 * identity. One composition per caller and service per `cacheSeconds`, shared by concurrent
 * requests (coalesced) and by replicas (the backend's cache service).
 */
export function createServiceOverview(options: {
  readPart: PartReader;
  getEntity: EntityGet;
  explanations: ExplanationsService;
  cache: CacheService;
  logger: LoggerService;
  cacheSeconds: number;
  apmRange: string;
  now?: () => number;
}): ServiceOverviewService {
  const { readPart } = options;
  const now = options.now ?? Date.now;
  const reads = new ReadThroughCache(options.cache);

  function readDeployments(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    return readPart<DeploymentsBoard>(
      'deployments',
      `/board?entityRef=${encodeURIComponent(entityRef)}`,
      credentials,
    );
  }

  function explain(
    entityRef: string,
    deployments: PartRead<DeploymentsBoard>,
    credentials: BackstageCredentials,
  ) {
    return readExplanationsPart({
      entityRef,
      deployments,
      credentials,
      getEntity: options.getEntity,
      explanations: options.explanations,
    });
  }

  async function readParts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<OverviewParts> {
    const ref = encodeURIComponent(entityRef);
    const deploymentsRead = readDeployments(entityRef, credentials);
    // Explanations need to know which application runs where: they follow the deployments part.
    const explanationsRead = deploymentsRead.then(deployments =>
      explain(entityRef, deployments, credentials),
    );
    const [deployments, explanations, security, apm, cost] = await Promise.all([
      deploymentsRead,
      explanationsRead,
      readPart<EntityFindingsResponse>(
        'security-findings',
        `/entity?entityRef=${ref}`,
        credentials,
      ),
      readPart<EntityDatadog>(
        'datadog-apm',
        `/entity?entityRef=${ref}&range=${options.apmRange}`,
        credentials,
      ),
      readPart<EntityCost>(
        'platform-cost',
        `/entity?entityRef=${ref}`,
        credentials,
      ),
    ]);
    return { deployments, explanations, security, apm, cost };
  }

  return {
    async get(entityRef, credentials) {
      return reads.get(
        `overview:${callerKey(credentials)}:${entityRef}`,
        options.cacheSeconds * 1000,
        async () =>
          composeOverview(
            entityRef,
            await readParts(entityRef, credentials),
            now(),
          ),
      );
    },
    async explanations(entityRef, credentials) {
      return reads.get(
        `explanations:${callerKey(credentials)}:${entityRef}`,
        options.cacheSeconds * 1000,
        async () =>
          entityExplanations(
            entityRef,
            await explain(
              entityRef,
              await readDeployments(entityRef, credentials),
              credentials,
            ),
            now(),
          ),
      );
    },
  };
}
