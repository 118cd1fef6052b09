import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import yaml from 'yaml';
import { loadTemplate, Refusal } from './__testUtils__/renderInProcess';
import {
  REPO_ROOT,
  TEMPLATE_NAMES,
  startTemplateBackend,
  testValues,
} from './__testUtils__/templateBackend';

// Hostile form input, property-based. Every case is refused with a message (the scaffolder's own
// parameter check, or the validator naming the field), or renders files that parse, validate, and
// carry each free-text value verbatim as a scalar where the template places it and nowhere else.
// All cases (PIER_FUZZ_RUNS, 1,000 per template) go through the fast path: the scaffolder's
// jsonschema check and its fetch:template action in-process, then @internal/platform-validation.
// A sample (PIER_FUZZ_DRY_RUNS, 20 per template) also goes through the real scaffolder dry run,
// which must agree with the fast path file for file.
const RUNS = Number(process.env.PIER_FUZZ_RUNS ?? 1000);
const DRY_RUNS = Number(process.env.PIER_FUZZ_DRY_RUNS ?? 20);
// Fixed by default so CI is reproducible; set PIER_FUZZ_SEED to explore other cases.
const SEED = Number(process.env.PIER_FUZZ_SEED ?? 20261126);
const RESULTS_FILE = process.env.PIER_FUZZ_RESULTS;

const hostile = fc.oneof(
  fc.constantFrom(
    '"',
    "'",
    '\n',
    '\r\n',
    '\t',
    '\\',
    '\\n',
    '${{ 7*7 }}',
    '{{ 7*7 }}',
    '{% raw %}',
    '{{',
    '}}',
    '{#',
    '${var.x}',
    '%{ if true }',
    '$${x}',
    '<<EOF\nx\nEOF',
    '$(rm -rf /)',
    '`id`',
    '; echo pwned',
    '&& id',
    '---\nkind: Secret',
    '...',
    '# comment',
    ': x',
    '- item',
    '&anchor',
    '*alias',
    '!!python/object',
    '? key',
    '|',
    '>',
    '%YAML 1.1',
    '@',
    '{"a": 1}',
    '[1, 2]',
    'null',
    'true',
    '0x1F',
    '1e3',
    '~',
    'default',
    'kube-system',
    'argocd',
    'pier',
    'test',
    'modules',
    '\u0000',
    '\u0085',
    '\u2028',
    '\u202e',
    '\ufeff',
    'ñoño',
    '日本語',
    '🚀',
    'a'.repeat(41),
    'x'.repeat(500),
  ),
  fc.string({ maxLength: 60, unit: 'binary-ascii' }),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
);
const hostileText = fc
  .array(hostile, { minLength: 1, maxLength: 6 })
  .map(parts => parts.join(''));

type Schema = Record<string, any>;

/** Values for one parameter: mostly valid by its own schema, sometimes hostile. */
// Constrained fields draw from a few valid values (the test value, the longest allowed and samples
// of the pattern) so that cases share rendered steps and validated trees; free text varies freely.
function parameterArbitrary(
  key: string,
  schema: Schema,
  owners: string[],
  base: unknown,
) {
  let valid: fc.Arbitrary<unknown>;
  if (schema.enum) valid = fc.constantFrom(...schema.enum);
  else if (schema.type === 'integer') {
    valid = fc.constantFrom(
      ...new Set(
        [base, schema.minimum, schema.maximum].filter(v => v !== undefined),
      ),
    );
  } else if (schema.type === 'boolean') valid = fc.boolean();
  else if (schema.type === 'array') {
    valid = fc.subarray(schema.items.enum, { minLength: schema.minItems ?? 0 });
  } else if (key === 'owner') {
    valid = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...owners) },
      { weight: 1, arbitrary: fc.constant('group:default/no-such-team') },
    );
  } else if (schema.pattern) {
    const pattern = fc
      .stringMatching(new RegExp(schema.pattern))
      .filter(
        s =>
          s.length <= (schema.maxLength ?? 1e9) &&
          !schema.not?.enum?.includes(s),
      );
    const longest = String(base)
      .padEnd(schema.maxLength ?? 40, '0')
      .slice(0, schema.maxLength ?? 40);
    valid = fc.constantFrom(
      base,
      ...fc.sample(pattern, { numRuns: 3, seed: 8 }),
      ...(new RegExp(schema.pattern).test(longest) ? [longest] : []),
    );
  } else {
    // Free text: adversarial content of a length the form accepts, so these cases render.
    const [min, max] = [schema.minLength ?? 0, schema.maxLength ?? 500];
    valid = hostileText.map(s =>
      (s.length >= min ? s : `${s} Refunds ${'x'.repeat(min)}`).slice(0, max),
    );
  }
  const invalid = fc.oneof(
    hostileText,
    fc.integer(),
    fc.constant(''),
    fc.constant(null),
  );
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: invalid },
  );
}

function templateArbitrary(
  spec: Schema,
  owners: string[],
  base: Record<string, unknown>,
) {
  const properties: Record<string, Schema> = Object.assign(
    {},
    ...[spec.parameters].flat().map((p: Schema) => p.properties ?? {}),
  );
  delete properties.preview;
  return fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([k, s]) => [
        k,
        parameterArbitrary(k, s, owners, base[k] ?? s.default),
      ]),
    ),
    { requiredKeys: [] },
  );
}

const freeTextKeys = (spec: Schema) =>
  [spec.parameters]
    .flat()
    .flatMap((p: Schema) => Object.entries(p.properties ?? {}))
    .filter(
      ([k, s]: [string, any]) =>
        s.type === 'string' &&
        !s.pattern &&
        !s.enum &&
        !s['ui:field']?.includes('Preview') &&
        k !== 'preview',
    )
    .map(([k]) => k);

const SENTINEL = 'Sentinel text QZX for the oracle';

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map(v => replaceDeep(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        replaceDeep(k, from, to),
        replaceDeep(v, from, to),
      ]),
    );
  }
  return value;
}

function parseStructured(file: string, content: string): unknown {
  if (/\.ya?ml$/.test(file)) {
    return yaml.parseAllDocuments(content).map(d => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJS();
    });
  }
  if (file.endsWith('.json')) return JSON.parse(content);
  return undefined;
}

/**
 * Injection oracle. The case was rendered twice: with the hostile free text, and with a plain
 * sentinel in its place. Files without the sentinel must be byte-identical (so HCL, shell, the
 * Dockerfile and CI never receive the value); YAML/JSON files holding it must parse to the same
 * structure with the value as the same scalars; other text (Markdown) holds it verbatim.
 */
function injections(
  fuzzed: Map<string, string>,
  baseline: Map<string, string>,
  value: string,
) {
  const problems: string[] = [];
  if (
    [...fuzzed.keys()].sort().join('\n') !==
    [...baseline.keys()].sort().join('\n')
  ) {
    problems.push('the set of generated files changed');
  }
  for (const [file, expected] of baseline) {
    const actual = fuzzed.get(file) ?? '';
    if (!expected.includes(SENTINEL)) {
      if (actual !== expected)
        problems.push(`${file}: changed by a value it does not hold`);
      continue;
    }
    const structured = parseStructured(file, expected);
    if (structured !== undefined) {
      let parsed: unknown;
      try {
        parsed = parseStructured(file, actual);
      } catch (e) {
        problems.push(`${file} does not parse: ${(e as Error).message}`);
        continue;
      }
      if (
        !isDeepStrictEqual(parsed, replaceDeep(structured, SENTINEL, value))
      ) {
        problems.push(`${file}: the value changed the document's structure`);
      }
    } else if (/\.(tf|sh|ts)$|Dockerfile|\.github\//.test(file)) {
      problems.push(`${file}: free text placed in code`);
    } else if (actual !== expected.split(SENTINEL).join(value)) {
      problems.push(`${file}: the value is not there verbatim`);
    }
  }
  return problems;
}

const owners = fs
  .readdirSync(path.join(REPO_ROOT, 'catalog'))
  .flatMap(f =>
    yaml.parseAllDocuments(
      fs.readFileSync(path.join(REPO_ROOT, 'catalog', f), 'utf8'),
    ),
  )
  .map(d => d.toJS())
  .filter(e => e?.kind === 'Group' && e.spec?.type === 'team')
  .map(e => `group:default/${e.metadata.name}`);

type Outcome =
  | { kind: 'refused'; refusals: Refusal[] }
  | { kind: 'rendered'; files: Map<string, string> }
  | { kind: 'broken'; why: unknown };

async function fastPath(
  template: ReturnType<typeof loadTemplate>,
  overrides: Record<string, unknown>,
  base: Record<string, unknown>,
): Promise<Outcome> {
  const values = { ...base, ...overrides };
  const refusals = template.check(values);
  if (refusals.length) {
    return refusals.every(r => r.property && r.message)
      ? { kind: 'refused', refusals }
      : { kind: 'broken', why: refusals };
  }
  const { files, violations } = await template.render(values);
  if (violations.length) {
    // The validator refuses an owner the catalog does not know, naming it: a message, not a bug.
    const unknownOwner = violations.every(
      v =>
        v.check === 'catalog-owner' && v.message.includes(String(values.owner)),
    );
    return unknownOwner && !owners.includes(String(values.owner))
      ? {
          kind: 'refused',
          refusals: violations.map(v => ({
            property: v.file,
            message: v.message,
          })),
        }
      : { kind: 'broken', why: violations };
  }
  const problems: string[] = [];
  for (const key of freeTextKeys(template.spec)) {
    const value = values[key];
    if (typeof value !== 'string') continue;
    const baseline = await template.render({ ...values, [key]: SENTINEL });
    problems.push(...injections(files, baseline.files, value));
  }
  if (problems.length === 0) {
    for (const [file, content] of files) {
      try {
        parseStructured(file, content);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }
  return problems.length
    ? { kind: 'broken', why: problems }
    : { kind: 'rendered', files };
}

const stats: Record<
  string,
  {
    cases: number;
    refused: number;
    rendered: number;
    dryRunSample: number;
    seconds: number;
  }
> = {};

afterAll(() => {
  const lines = Object.entries(stats).map(
    ([n, s]) => `fuzz ${n}: ${JSON.stringify(s)}`,
  );
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
  if (RESULTS_FILE)
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(stats, null, 2)}\n`);
});

describe.each(TEMPLATE_NAMES)('%s with hostile form input', name => {
  const template = loadTemplate(name);
  const base = testValues(name);
  const arbitrary = templateArbitrary(template.spec, owners, base);

  it(`${RUNS} cases: each is refused with a message, or renders files that parse, validate and hold free text only as scalars`, async () => {
    const started = Date.now();
    const s = (stats[name] = {
      cases: 0,
      refused: 0,
      rendered: 0,
      dryRunSample: 0,
      seconds: 0,
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async overrides => {
        const outcome = await fastPath(template, overrides, base);
        s.cases += 1;
        if (outcome.kind === 'refused') s.refused += 1;
        if (outcome.kind === 'rendered') s.rendered += 1;
        expect(
          outcome.kind === 'broken'
            ? JSON.stringify(outcome.why)
            : 'refused or valid',
        ).toBe('refused or valid');
      }),
      { numRuns: RUNS, seed: SEED },
    );
    s.seconds = (Date.now() - started) / 1000;
    // a generator that refuses nearly everything would prove little
    expect(s.rendered).toBeGreaterThan(RUNS / 4);
  }, 600_000);

  describe('the real scaffolder dry run agrees with the fast path', () => {
    let t: Awaited<ReturnType<typeof startTemplateBackend>>;
    beforeAll(async () => {
      t = await startTemplateBackend();
    });
    afterAll(() => t.backend.stop());

    it(`on ${DRY_RUNS} sampled cases`, async () => {
      const files = await t.templateFiles(name);
      const samples = fc.sample(arbitrary, { numRuns: DRY_RUNS, seed: 8 });
      for (const overrides of samples) {
        const fast = await fastPath(template, overrides, base);
        const real = await t.dryRun(name, { ...base, ...overrides }, files);
        stats[name].dryRunSample += 1;
        // What the real dry run must show, given what the fast path decided.
        const refusedByScaffolder =
          fast.kind === 'refused' &&
          fast.refusals.every(r => r.property.startsWith('instance'));
        let expected: unknown;
        let actual: unknown;
        if (fast.kind === 'rendered') {
          expected = {
            status: 200,
            violations: [],
            files: Object.fromEntries(fast.files),
          };
          actual = {
            status: real.status,
            violations: real.violations,
            files: Object.fromEntries(real.files),
          };
        } else if (refusedByScaffolder) {
          expected = {
            status: 400,
            refused: fast.refusals.map(r => r.property).sort(),
          };
          actual = {
            status: real.status,
            refused: ((real.errors ?? []) as Refusal[])
              .map(e => e.property)
              .sort(),
          };
        } else {
          expected = { status: 200, hasViolations: true };
          actual = {
            status: real.status,
            hasViolations: real.violations.length > 0,
          };
        }
        expect({ overrides, ...(actual as object) }).toEqual({
          overrides,
          ...(expected as object),
        });
      }
    }, 300_000);
  });
});
