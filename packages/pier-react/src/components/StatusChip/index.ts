export {
  StatusChip,
  STATUS_TONES,
  type StatusChipProps,
  type StatusTone,
} from './StatusChip';
export { SeverityChip, SEVERITY_COLORS, type Severity } from './SeverityChip';
