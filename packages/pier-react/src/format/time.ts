/** A time as the backends send it (ISO) or as the browser keeps it (epoch milliseconds). @public */
export type TimeLike = string | number;

function toMillis(at: TimeLike | undefined): number | undefined {
  if (at === undefined || at === '') return undefined;
  const t = typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(t) ? t : undefined;
}

/** A duration as pages say it: "12 s", "4 min", "3 h", "2 d". @public */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/**
 * How long ago `at` was, as `formatAge` says it ("5 min"); undefined without a valid time.
 *
 * @public
 */
export function ageOf(
  at: TimeLike | undefined,
  now: number,
): string | undefined {
  const t = toMillis(at);
  return t === undefined ? undefined : formatAge(now - t);
}

/** An absolute time in UTC to the minute: `2026-11-26 09:00 UTC`. @public */
export function formatUtc(at: TimeLike): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A time of today (UTC) as its clock, `12:03 UTC`; an earlier day's with its date,
 * `2026-11-25 12:03 UTC`, so a problem older than a day does not read as today's.
 *
 * @public
 */
export function formatClock(at: TimeLike, now: number): string {
  const iso = new Date(at).toISOString();
  const today = new Date(now).toISOString().slice(0, 10);
  return iso.slice(0, 10) === today
    ? `${iso.slice(11, 16)} UTC`
    : formatUtc(at);
}
