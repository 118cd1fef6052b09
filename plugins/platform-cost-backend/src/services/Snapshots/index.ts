export * from './createSnapshotter';
export * from './pricing';
