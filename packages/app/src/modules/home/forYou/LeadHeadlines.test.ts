import { CostDashboard } from '@internal/plugin-platform-cost-common';
import { costWeekChange } from './LeadHeadlines';

const dashboard = (rates: Array<number | null>) =>
  ({
    trend: rates.map((dailyRate, i) => ({
      day: `2026-11-${String(i + 1).padStart(2, '0')}`,
      dailyRate,
    })),
  } as unknown as CostDashboard);

describe('costWeekChange', () => {
  it("compares the last 7 covered days' daily rate with the 7 before", () => {
    const rates = [...Array(7).fill(100), ...Array(7).fill(110)];
    expect(costWeekChange(dashboard(rates))).toBe('+10 % in 7 days');
    expect(costWeekChange(dashboard([...rates].reverse()))).toBe(
      '-9 % in 7 days',
    );
  });

  it('skips days without data instead of reading them as free', () => {
    const rates = [...Array(7).fill(100), null, null, ...Array(7).fill(100)];
    expect(costWeekChange(dashboard(rates))).toBe('0 % in 7 days');
  });

  it('says nothing without two weeks of data', () => {
    expect(costWeekChange(dashboard(Array(13).fill(100)))).toBe('');
  });
});
