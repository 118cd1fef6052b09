export * from './ServiceOverviewApi';
export * from './ServiceOverviewClient';
