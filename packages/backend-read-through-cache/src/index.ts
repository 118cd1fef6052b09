export { ReadThroughCache, largeDrop } from './ReadThroughCache';
export type {
  LastGoodOptions,
  LastGoodRead,
  ReadProblem,
  Rejection,
} from './ReadThroughCache';
