/**
 * A successful answer without the list it exists for (`{}`, a NodeList without `items`, a
 * GetFindings page without `Findings`): never read as "no items". @public
 */
export class ShapelessAnswerError extends Error {
  readonly name = 'ShapelessAnswerError';
}

/**
 * The list `field` of an answer, or a {@link ShapelessAnswerError} ("Kubernetes prod nodes: answer
 * has no items list") when the answer has none. @public
 */
export function requireList<T = unknown>(
  answer: unknown,
  field: string,
  source: string,
): T[] {
  const value =
    typeof answer === 'object' && answer !== null
      ? (answer as Record<string, unknown>)[field]
      : undefined;
  if (!Array.isArray(value)) {
    throw new ShapelessAnswerError(`${source}: answer has no ${field} list`);
  }
  return value as T[];
}
