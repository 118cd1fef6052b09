import { slaOverdueDays } from './sla';

describe('slaOverdueDays', () => {
  const now = Date.parse('2026-11-26T00:00:00Z');
  it('breaches a critical open for more than 15 days, never a suppressed one', () => {
    expect(slaOverdueDays('CRITICAL', '2026-11-06T00:00:00Z', 'NEW', now)).toBe(
      5,
    );
    expect(slaOverdueDays('CRITICAL', '2026-11-20T00:00:00Z', 'NEW', now)).toBe(
      -9,
    );
    expect(
      slaOverdueDays('CRITICAL', '2026-01-01T00:00:00Z', 'SUPPRESSED', now),
    ).toBeUndefined();
    expect(
      slaOverdueDays('INFORMATIONAL', '2026-01-01T00:00:00Z', 'NEW', now),
    ).toBeUndefined();
  });
});
