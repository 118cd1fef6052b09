export * from './createReplicaReader';
