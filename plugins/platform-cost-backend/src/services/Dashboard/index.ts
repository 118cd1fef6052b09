export * from './createCostReports';
