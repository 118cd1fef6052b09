export * from './apmFacts';
export * from './costFacts';
export * from './deployFacts';
export * from './judgeCluster';
export * from './securityFacts';
export * from './explanationFacts';
