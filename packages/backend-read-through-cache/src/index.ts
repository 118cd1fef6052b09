export { ReadThroughCache } from './ReadThroughCache';
