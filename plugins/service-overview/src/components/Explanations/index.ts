export { EntityExplanationsCard } from './EntityExplanationsCard';
