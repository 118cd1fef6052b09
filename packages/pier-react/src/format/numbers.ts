const usd0 = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const usd2 = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Dollars: whole dollars from $100 up (`$2,150`), cents below (`$12.50`). @public */
export function formatUsd(value: number): string {
  return (Math.abs(value) >= 100 ? usd0 : usd2).format(value);
}

/** Small unit costs (per 1,000 requests) keep two significant digits instead of rounding to $0.00. @public */
export function formatUnitUsd(value: number): string {
  return value >= 0.01
    ? usd2.format(value)
    : `$${Number(value.toPrecision(2)).toString()}`;
}

/** A ratio (0.35) as a percentage (`35 %`), with `digits` decimals. @public */
export function formatPercent(ratio: number, digits = 0): string {
  const percent = ratio * 100;
  return `${digits === 0 ? Math.round(percent) : percent.toFixed(digits)} %`;
}
