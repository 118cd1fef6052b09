export { Freshness, type FreshnessProps } from './Freshness';
