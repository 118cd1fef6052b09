export {
  ageOf,
  formatAge,
  formatClock,
  formatUtc,
  type TimeLike,
} from './time';
export { formatPercent, formatUnitUsd, formatUsd } from './numbers';
