import { ageOf, formatAge, formatClock, formatUtc } from './time';
import { formatPercent, formatUnitUsd, formatUsd } from './numbers';

describe('ages', () => {
  it('says seconds, then minutes, hours, and days past two days', () => {
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(4 * 60_000)).toBe('4 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(47 * 3_600_000)).toBe('47 h');
    expect(formatAge(50 * 3_600_000)).toBe('2 d');
    // a clock slightly ahead of the server never says "-1 s"
    expect(formatAge(-3_000)).toBe('0 s');
  });

  it('reads ISO times and epoch milliseconds, and nothing from a missing or broken time', () => {
    const now = Date.parse('2026-11-26T09:05:00Z');
    expect(ageOf('2026-11-26T09:00:00Z', now)).toBe('5 min');
    expect(ageOf(now - 30_000, now)).toBe('30 s');
    expect(ageOf(undefined, now)).toBeUndefined();
    expect(ageOf('not a date', now)).toBeUndefined();
  });

  it('writes absolute times in UTC to the minute', () => {
    expect(formatUtc('2026-11-26T09:00:42+01:00')).toBe('2026-11-26 08:00 UTC');
  });

  it("writes today's times as a clock and an earlier day's with its date", () => {
    const now = Date.parse('2026-11-26T09:05:00Z');
    expect(formatClock('2026-11-26T00:10:00Z', now)).toBe('00:10 UTC');
    expect(formatClock('2026-11-25T23:59:00Z', now)).toBe(
      '2026-11-25 23:59 UTC',
    );
  });
});

describe('money and percent', () => {
  it('drops cents from $100 up and keeps them below', () => {
    expect(formatUsd(2150.4)).toBe('$2,150');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(-250)).toBe('-$250');
  });

  it('keeps two significant digits of a unit cost under a cent', () => {
    expect(formatUnitUsd(0.0000523)).toBe('$0.000052');
    expect(formatUnitUsd(0.42)).toBe('$0.42');
  });

  it('writes ratios as percentages, rounded unless decimals are asked for', () => {
    expect(formatPercent(0.354)).toBe('35 %');
    expect(formatPercent(0.012, 2)).toBe('1.20 %');
    expect(formatPercent(0)).toBe('0 %');
  });
});
