import { ExplainContext } from './context';
import { Explanation } from './types';

/** Fills the fields every explanation shares. */
export function makeExplanation(
  ctx: ExplainContext,
  fields: Omit<Explanation, 'service' | 'cluster' | 'relatedFiles'> &
    Partial<Pick<Explanation, 'relatedFiles'>>,
): Explanation {
  return {
    service: ctx.state.service,
    cluster: ctx.state.cluster,
    relatedFiles: [],
    ...fields,
  };
}

/** A rule reads the context and returns what it explains (usually nothing). */
export type Rule = (ctx: ExplainContext) => Explanation[];
