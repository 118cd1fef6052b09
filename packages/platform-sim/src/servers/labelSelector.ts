/** A parsed Kubernetes label selector; also used for Argo CD `selector=`. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export type LabelSelector = LabelRequirement[];

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
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
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

function checkKey(key: string) {
  if (!KEY.test(key)) throw new Error(`invalid label key "${key}"`);
  return key;
}
function checkValue(value: string) {
  if (!VALUE.test(value)) throw new Error(`invalid label value: "${value}"`);
  return value;
}

/** Parses `a=b,c!=d,e in (f,g),!h`; throws with a readable message when invalid. */
export function parseLabelSelector(
  input: string | null | undefined,
): LabelSelector {
  if (!input) return [];
  return splitTopLevel(input).map(part => {
    let m = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (m) {
      return {
        key: checkKey(m[1]),
        op: m[2] as 'in' | 'notin',
        values: m[3].split(',').map(v => checkValue(v.trim())),
      };
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (m) {
      return {
        key: checkKey(m[1]),
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [checkValue(m[3])],
      };
    }
    m = /^(!?)\s*(\S+)$/.exec(part);
    if (m) {
      return { key: checkKey(m[2]), op: m[1] ? 'notexists' : 'exists' };
    }
    throw new Error(`unable to parse requirement: "${part}"`);
  });
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return selector.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}
