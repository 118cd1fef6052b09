export {
  EntityDatadogCard,
  EntityDatadogContent,
  EntityDatadogView,
} from './EntityDatadog';
