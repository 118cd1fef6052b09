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
  ServiceOverview,
} from '@internal/plugin-service-overview-common';
import {
  EntityGet,
  ExplanationsService,
  readExplanationsPart,
} from '../Explanations';
import { PartRead, PartReader } from '../Parts';
import { composeOverview } from './composeOverview';

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

  async function readParts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<OverviewParts> {
    const ref = encodeURIComponent(entityRef);
    const deploymentsRead = readPart<DeploymentsBoard>(
      'deployments',
      `/board?entityRef=${ref}`,
      credentials,
    );
    // Explanations need to know which application runs where: they follow the deployments part.
    const explanationsRead = deploymentsRead.then(deployments =>
      readExplanationsPart({
        entityRef,
        deployments,
        credentials,
        getEntity: options.getEntity,
        explanations: options.explanations,
      }),
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
  };
}
