import fc from 'fast-check';
import yaml from 'yaml';
import { startTemplateBackend, testValues } from './__testUtils__/templateBackend';

// Hostile strings for every free parameter: quotes, newlines, template syntax of every engine the
// files pass through (nunjucks, HCL, GitHub Actions, Argo CD go templates), shell, unicode, reserved
// and very long names. Each case must either be refused with a message or render files that parse
// and validate. PIER_FUZZ_RUNS sets the number of cases per template (1,000 for the full run).
const RUNS = Number(process.env.PIER_FUZZ_RUNS ?? 25);
const hostile = fc.oneof(
  fc.constantFrom(
    '"', "'", '\n', '\r\n', '${{ 7*7 }}', '{{ 7*7 }}', '{% raw %}', '${var.x}', '%{ if true }',
    '$(rm -rf /)', '`id`', '; echo pwned', '---\nkind: Secret', '# comment', ': x', '- item', '&anchor',
    '*alias', '!!python/object', 'default', 'kube-system', 'argocd', 'pier', '\u0000', '\u202e', 'ñoño',
    '日本語', '🚀', 'a'.repeat(41), 'x'.repeat(500),
  ),
  fc.string({ maxLength: 60 }),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,45}$/),
);
const withHostile = (base: string) =>
  fc.oneof(hostile, fc.tuple(fc.constant(base), hostile).map(([b, h]) => `${b}${h}`));

describe('hostile form input through the real scaffolder dry run', () => {
  let t: Awaited<ReturnType<typeof startTemplateBackend>>;
  const stats = { runs: 0, refused: 0, rendered: 0 };
  beforeAll(async () => {
    t = await startTemplateBackend();
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${JSON.stringify(stats)}`);
    await t.backend.stop();
  });

  it.each([
    ['service', ['name', 'description', 'owner', 'system', 'cpu', 'memory']],
    ['terraform-module', ['name', 'description', 'owner', 'kind']],
    ['argocd-app', ['name', 'namespace', 'owner', 'image', 'tag', 'targetRevision', 'resourceKind']],
  ] as const)(
    '%s: every case is refused with a message, or renders files that parse and validate',
    async (name, fields) => {
      const files = await t.templateFiles(name);
      const base = testValues(name);
      const arbitrary = fc.record(
        Object.fromEntries(fields.map(f => [f, fc.option(withHostile(String(base[f])), { nil: undefined })])),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async overrides => {
          const values = { ...base };
          for (const [k, v] of Object.entries(overrides)) if (v !== undefined) values[k] = v;
          const result = await t.dryRun(name, values, files);
          stats.runs += 1;
          // Refused: the scaffolder's parameter validation names the field and what is wrong.
          const errors = (result.errors ?? []) as Array<{ property?: string; message?: string }>;
          const refused =
            result.status === 400 && errors.length > 0 && errors.every(e => e.property && e.message);
          // Rendered: every YAML file parses and the platform validator finds nothing.
          const yamlErrors = [...result.files]
            .filter(([file]) => /\.ya?ml$/.test(file))
            .flatMap(([file, content]) =>
              yaml.parseAllDocuments(content).flatMap(d => d.errors.map(e => `${file}: ${e.message}`)),
            );
          const rendered =
            result.status === 200 && result.violations.length === 0 && yamlErrors.length === 0;
          if (refused) stats.refused += 1;
          if (rendered) stats.rendered += 1;
          expect(
            refused || rendered
              ? 'refused or valid'
              : JSON.stringify({ status: result.status, errors, violations: result.violations, yamlErrors }),
          ).toBe('refused or valid');
        }),
        { numRuns: RUNS },
      );
    },
    RUNS * 5_000 + 30_000,
  );
});
