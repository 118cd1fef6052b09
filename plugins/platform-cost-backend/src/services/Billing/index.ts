export * from './createCostExplorerReader';
export * from './createOpenCostReader';
