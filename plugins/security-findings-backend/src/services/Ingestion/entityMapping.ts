import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { MappingProblem } from '@internal/plugin-security-findings-common';
import {
  ECR_REPOSITORY_ANNOTATION,
  SECURITYHUB_FINDINGS_TAGS_ANNOTATION,
  parseFindingsTags,
} from '@internal/catalog-annotations';
import { AwsFinding } from '../AwsFindings';

/** ECR repository names: lowercase letters, digits, `.`, `_`, `-` and `/` between parts. */
const ECR_REPOSITORY_NAME =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export interface EntityClaim {
  entityRef: string;
  owner: string;
}

export function ownerOf(entity: Entity): string {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return '';
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return '';
  }
}

/**
 * Builds the finding → entities mapping from the catalog: an ECR image finding belongs to every
 * entity whose `aws.amazon.com/ecr-repository` names its repository; any finding belongs to every
 * entity whose `aws.amazon.com/securityhub-findings-tags` tags its resource carries.
 */
export function createEntityMapper(entities: Entity[]) {
  const byRepository = new Map<string, EntityClaim[]>();
  const byTags: Array<{ claim: EntityClaim; tags: Array<[string, string]> }> =
    [];
  for (const entity of entities) {
    const claim = {
      entityRef: stringifyEntityRef(entity),
      owner: ownerOf(entity),
    };
    const annotations = entity.metadata.annotations ?? {};
    const repository = annotations[ECR_REPOSITORY_ANNOTATION]?.trim();
    if (repository && ECR_REPOSITORY_NAME.test(repository)) {
      byRepository.set(repository, [
        ...(byRepository.get(repository) ?? []),
        claim,
      ]);
    }
    const tagValue = annotations[SECURITYHUB_FINDINGS_TAGS_ANNOTATION];
    const tags = tagValue ? parseFindingsTags(tagValue) : undefined;
    if (tags) byTags.push({ claim, tags: Object.entries(tags) });
  }
  return (finding: AwsFinding): EntityClaim[] => {
    const claims = new Map<string, EntityClaim>();
    if (finding.repository) {
      for (const c of byRepository.get(finding.repository) ?? []) {
        claims.set(c.entityRef, c);
      }
    }
    for (const { claim, tags } of byTags) {
      if (tags.every(([k, v]) => finding.resourceTags[k] === v)) {
        claims.set(claim.entityRef, claim);
      }
    }
    return [...claims.values()];
  };
}

/**
 * What is wrong with the entity's annotations, phrased so that the service's developers can fix
 * it. `knowsRepository` says whether any finding or running pod has named a repository.
 */
export async function annotationProblems(
  entity: Entity,
  knowsRepository: (repository: string) => Promise<boolean>,
): Promise<MappingProblem[]> {
  const problems: MappingProblem[] = [];
  const annotations = entity.metadata.annotations ?? {};
  const repository = annotations[ECR_REPOSITORY_ANNOTATION]?.trim();
  if (repository !== undefined) {
    const problem = (message: string) =>
      problems.push({
        annotation: ECR_REPOSITORY_ANNOTATION,
        value: repository,
        message,
      });
    if (!ECR_REPOSITORY_NAME.test(repository)) {
      const suggestion = /^(?:[^/]+\.amazonaws\.com\/)?([^:@]+)/.exec(
        repository,
      )?.[1];
      problem(
        `'${repository}' is not an ECR repository name. Use the repository name only, without registry host, tag or digest${
          suggestion && ECR_REPOSITORY_NAME.test(suggestion)
            ? ` (here probably '${suggestion}')`
            : ''
        }, in catalog-info.yaml.`,
      );
    } else if (!(await knowsRepository(repository))) {
      problem(
        `No Inspector finding and no running pod names ECR repository '${repository}'. Check the spelling against the repository in ECR (AWS console → ECR → Repositories), and that Inspector enhanced scanning covers it; a clean image that runs in a cluster would still be recognised.`,
      );
    }
  }
  const tags = annotations[SECURITYHUB_FINDINGS_TAGS_ANNOTATION];
  if (tags !== undefined && !parseFindingsTags(tags)) {
    problems.push({
      annotation: SECURITYHUB_FINDINGS_TAGS_ANNOTATION,
      value: tags,
      message: `'${tags}' is not a tag filter. Write comma-separated key=value pairs, e.g. 'service=checkout-api,team=payments'.`,
    });
  }
  return problems;
}
