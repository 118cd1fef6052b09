export * from './PlatformCostApi';
export * from './PlatformCostClient';
