import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { StatusChip } from './StatusChip';
import { SEVERITY_COLORS, SeverityChip } from './SeverityChip';

describe('StatusChip', () => {
  it('colours Argo CD and Datadog states by what they mean', async () => {
    await renderInTestApp(
      <>
        <StatusChip status="Degraded" />
        <StatusChip status="OutOfSync" />
        <StatusChip status="Healthy" />
        <StatusChip status="Alert" />
        <StatusChip status="No Data" />
        <StatusChip status="Refreshing" />
        <StatusChip status="attention" />
        <StatusChip status="not deployed" />
      </>,
    );
    const tone = (label: string) =>
      screen.getByText(label).closest('[data-tone]')?.getAttribute('data-tone');
    expect(tone('Degraded')).toBe('bad');
    expect(tone('Alert')).toBe('bad');
    expect(tone('OutOfSync')).toBe('warn');
    expect(tone('Healthy')).toBe('good');
    expect(tone('No Data')).toBe('neutral');
    // Pier's own verdicts
    expect(tone('attention')).toBe('warn');
    expect(tone('not deployed')).toBe('neutral');
    // an unknown status is shown as it came, uncoloured
    expect(tone('Refreshing')).toBeUndefined();
  });

  it('shows a status nobody sent as an outlined chip', async () => {
    await renderInTestApp(<StatusChip status="status unknown" outlined />);
    expect(
      screen.getByText('status unknown').closest('.MuiChip-outlined'),
    ).not.toBeNull();
  });
});

describe('SeverityChip', () => {
  it('shows the severity in its colour', async () => {
    await renderInTestApp(<SeverityChip severity="CRITICAL" />);
    const chip = screen.getByText('CRITICAL').closest('.MuiChip-root');
    expect(chip).toHaveStyle({ backgroundColor: SEVERITY_COLORS.CRITICAL });
  });
});
