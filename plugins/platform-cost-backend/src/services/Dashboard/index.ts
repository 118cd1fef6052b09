export * from './createCostReports';
export * from './createCallerDashboards';
