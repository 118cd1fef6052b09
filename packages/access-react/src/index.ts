/**
 * What a person sees when Pier refuses them: one panel that says why and who can grant it, for
 * every Pier page and card.
 *
 * @packageDocumentation
 */
export { isRefusal, refusalMessage } from './refusal';
export {
  RefusedPanel,
  RefusalOrErrorPanel,
  type RefusedPanelProps,
  type RefusalOrErrorPanelProps,
} from './RefusedPanel';
export { RequireAccess, type RequireAccessProps } from './RequireAccess';
