/**
 * Compares the shape of a JSON value (an upstream answer) with the shapes of documented
 * answers: every field path and JSON type the answer uses must occur in at least one
 * documented body. So platform-sim cannot start emitting a field, or a type for a field,
 * that the vendor's API reference never shows — the drift that lets plugins pass against
 * the simulator and fail against the real upstream.
 */

/** JSON type of a value, as the comparison sees it. */
export type JsonType =
  | 'null'
  | 'string'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object';

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'object';
}

/**
 * Path → the JSON types seen there. Array elements are `[]`; keys of a free-form map (a path
 * listed in `maps`, e.g. Kubernetes labels or Datadog tags) collapse to `{}`.
 */
export type Shape = Map<string, Set<JsonType>>;

function add(shape: Shape, path: string, type: JsonType) {
  const seen = shape.get(path) ?? new Set<JsonType>();
  seen.add(type);
  shape.set(path, seen);
}

/** Collects the shape of `value`; `maps` lists paths whose keys are data, not field names. */
export function shapeOf(
  value: unknown,
  maps: readonly string[] = [],
  shape: Shape = new Map(),
  path = '$',
): Shape {
  const type = jsonType(value);
  add(shape, path, type);
  if (type === 'array') {
    for (const item of value as unknown[])
      shapeOf(item, maps, shape, `${path}[]`);
  } else if (type === 'object') {
    const isMap = maps.includes(path);
    for (const [key, child] of Object.entries(
      value as Record<string, unknown>,
    )) {
      shapeOf(child, maps, shape, isMap ? `${path}.{}` : `${path}.${key}`);
    }
  }
  return shape;
}

/** One way an answer departs from every documented body. */
export interface ShapeMismatch {
  path: string;
  /** `undocumented field` or `type X never documented (documented: Y)`. */
  problem: string;
}

/**
 * The paths and types `actual` uses that no documented body shows. An empty result means the
 * answer stays inside the documented shape (it may use fewer fields: documented optional ones).
 */
export function undocumentedShape(
  documented: readonly unknown[],
  actual: unknown,
  maps: readonly string[] = [],
): ShapeMismatch[] {
  const known: Shape = new Map();
  for (const body of documented) shapeOf(body, maps, known);
  const mismatches: ShapeMismatch[] = [];
  for (const [path, types] of shapeOf(actual, maps)) {
    const allowed = known.get(path);
    if (!allowed) {
      mismatches.push({ path, problem: 'undocumented field' });
      continue;
    }
    for (const type of types) {
      if (!allowed.has(type)) {
        mismatches.push({
          path,
          problem: `type ${type} never documented (documented: ${[
            ...allowed,
          ].join(', ')})`,
        });
      }
    }
  }
  return mismatches;
}
