import Chip from '@material-ui/core/Chip';

/** Finding severities, as SecurityHub and Inspector name them. @public */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** One colour per severity, for chips and charts. @public */
export const SEVERITY_COLORS: Record<Severity, string> = {
  CRITICAL: '#7b1fa2',
  HIGH: '#d32f2f',
  MEDIUM: '#ef6c00',
  LOW: '#546e7a',
  INFORMATIONAL: '#9e9e9e',
};

/** A finding's severity as a chip in its colour. @public */
export function SeverityChip(props: { severity: Severity }) {
  return (
    <Chip
      size="small"
      label={props.severity}
      style={{
        backgroundColor: SEVERITY_COLORS[props.severity],
        color: '#fff',
        fontWeight: 600,
      }}
    />
  );
}
