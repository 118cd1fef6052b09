/** Kubernetes memory quantities (`512Mi`, `1Gi`, `524288Ki`, `536870912`) to bytes. */
const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

export function parseBytes(quantity: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|)$/.exec(
    String(quantity ?? '').trim(),
  );
  if (!m || !(m[2] in UNITS)) return undefined;
  return Number(m[1]) * UNITS[m[2]];
}

/** Bytes as the `Mi` quantity a manifest would use, e.g. `768Mi`. */
export function formatMi(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)}Mi`;
}

/** A new limit: 1.5 × the old one, or 1.3 × the observed peak if higher, rounded up to 64 Mi. */
export function suggestedLimit(limit: number, observed?: number): number {
  const step = 64 * 1024 ** 2;
  const wanted = Math.max(limit * 1.5, (observed ?? 0) * 1.3);
  return Math.ceil(wanted / step) * step;
}
