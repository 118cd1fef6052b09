/**
 * What every Pier page needs, once: freshness ("updated 12 s ago"), the source-problem banner that
 * says what failed, since when, and that the data shown is the last good one, the polling hook,
 * status and severity chips, money and percent formatting, CSV download, and entity links.
 *
 * @packageDocumentation
 */
export * from './format';
export * from './hooks';
export * from './csv';
export * from './components/Freshness';
export * from './components/SourceProblemBanner';
export * from './components/StatusChip';
export * from './components/EntityLink';
