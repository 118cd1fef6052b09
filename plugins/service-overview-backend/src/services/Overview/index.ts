export * from './composeOverview';
export * from './createServiceOverview';
