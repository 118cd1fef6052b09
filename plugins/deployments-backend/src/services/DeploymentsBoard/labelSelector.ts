import { InputError } from '@backstage/errors';

export type Requirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

/**
 * Parses a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`), the form Argo CD's
 * `?selector=` accepts, so one listing per instance can be matched against every service.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
      if (m) {
        return {
          key: m[1],
          op: m[2] === 'in' ? 'in' : 'notIn',
          values: m[3]
            .split(',')
            .map(v => v.trim())
            .filter(Boolean),
        } as Requirement;
      }
      m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(part);
      if (m) {
        return {
          key: m[1],
          op: m[2] === '!=' ? 'notIn' : 'in',
          values: [m[3]],
        } as Requirement;
      }
      m = /^(!?)([^\s!=()]+)$/.exec(part);
      if (m) {
        return { key: m[2], op: m[1] ? 'notExists' : 'exists' } as Requirement;
      }
      throw new InputError(`Invalid label selector "${selector}" at "${part}"`);
    });
}

export function matchesSelector(
  requirements: Requirement[],
  labels: Record<string, string> = {},
): boolean {
  if (requirements.length === 0) return false; // an empty selector would match every app
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notIn':
        return !has || !r.values.includes(labels[r.key]);
      default:
        return false;
    }
  });
}

/**
 * The first `key in (values)` (or `key=value`) requirement of a selector: an app can match only if
 * its label `key` has one of `values`, so a board can look those apps up instead of testing all.
 */
export function selectorIndexHint(
  requirements: Requirement[],
): { key: string; values: string[] } | undefined {
  for (const r of requirements) {
    if (r.op === 'in') return { key: r.key, values: r.values };
  }
  return undefined;
}
