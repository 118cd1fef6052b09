export { ReadThroughCache, largeDrop } from './ReadThroughCache';
export { ProcessSnapshot } from './ProcessSnapshot';
export type {
  LastGoodOptions,
  LastGoodRead,
  ReadProblem,
  Rejection,
} from './ReadThroughCache';
