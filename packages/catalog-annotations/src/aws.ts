/**
 * ECR repository of the service's image, e.g. `payments/checkout-api` (the repository name only,
 * without registry host or tag). Inspector's ECR image findings are matched on it.
 *
 * @public
 */
export const ECR_REPOSITORY_ANNOTATION = 'aws.amazon.com/ecr-repository';

/**
 * `key=value,…` resource-tag filter, the same format as AWS's own SecurityHub plugin: a finding
 * belongs to the service when its resource carries every listed tag.
 *
 * @public
 */
export const SECURITYHUB_FINDINGS_TAGS_ANNOTATION =
  'aws.amazon.com/securityhub-findings-tags';

/**
 * Parses the tags annotation. Returns undefined when a part is not `key=value`.
 *
 * @public
 */
export function parseFindingsTags(
  value: string,
): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return undefined;
    tags[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return Object.keys(tags).length ? tags : undefined;
}
