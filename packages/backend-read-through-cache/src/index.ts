export { ReadThroughCache, largeDrop } from './ReadThroughCache';
export { ProcessSnapshot, ProcessSnapshots } from './ProcessSnapshot';
export {
  PreparedBodies,
  hiddenKey,
  prepareBody,
  sendPrepared,
} from './PreparedBodies';
export type {
  PreparedBody,
  PreparedRequest,
  PreparedResponse,
} from './PreparedBodies';
export type {
  LastGoodOptions,
  LastGoodRead,
  ReadProblem,
  Rejection,
} from './ReadThroughCache';
