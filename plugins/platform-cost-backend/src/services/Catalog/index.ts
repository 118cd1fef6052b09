export * from './createServiceDirectory';
