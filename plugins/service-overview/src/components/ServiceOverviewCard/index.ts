export {
  ServiceOverviewCard,
  ServiceOverviewView,
} from './ServiceOverviewCard';
