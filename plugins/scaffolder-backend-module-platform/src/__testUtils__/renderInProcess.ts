import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { Validator } from 'jsonschema';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import {
  readTree,
  validateFiles,
  Violation,
} from '@internal/platform-validation';
import {
  publishingTarget,
  readPublishingSettings,
} from '../services/publishing';
import { REPO_ROOT } from './templateBackend';

// The fast path of the fuzz test: the checks and the rendering engine the scaffolder's dry run
// uses, without its HTTP round trip, task queue and per-step log streaming. templates.fuzz.test.ts
// runs a sample of cases through the real dry run too and requires identical results.

const fetchTemplate = createFetchTemplateAction({
  reader: mockServices.urlReader.mock(),
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
});
const publishing = readPublishingSettings(
  new ConfigReader({
    templates: {
      publishing: {
        provider: 'git',
        git: { baseUrl: 'http://127.0.0.1:7399' },
      },
    },
  }),
);
const owners = new Set(
  fs
    .readdirSync(path.join(REPO_ROOT, 'catalog'))
    .flatMap(f =>
      yaml.parseAllDocuments(
        fs.readFileSync(path.join(REPO_ROOT, 'catalog', f), 'utf8'),
      ),
    )
    .map(d => d.toJS())
    .filter(e => e?.kind === 'Group')
    .map(e => `group:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`),
);

interface Step {
  id: string;
  action: string;
  if?: unknown;
  each?: unknown;
  input: Record<string, unknown>;
}

type Scope = {
  parameters: Record<string, unknown>;
  steps: Record<string, any>;
  each?: unknown;
};

/** One `${{ }}` expression of the templates' steps (plain JavaScript plus the one filter chain used). */
function evaluate(expr: string, scope: Scope): unknown {
  const filtered = expr.match(
    /^(.*)\|\s*parseEntityRef\s*\|\s*pick\('(\w+)'\)\s*$/s,
  );
  if (filtered) {
    return (parseEntityRef(String(evaluate(filtered[1], scope))) as any)[
      filtered[2]
    ];
  }
  // eslint-disable-next-line no-new-func
  return new Function('parameters', 'steps', 'each', `return (${expr});`)(
    scope.parameters,
    scope.steps,
    scope.each === undefined ? undefined : { value: scope.each },
  );
}

function renderInput(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const whole = value.match(/^\s*\$\{\{([\s\S]*)\}\}\s*$/);
    if (whole) return evaluate(whole[1], scope);
    return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e) =>
      String(evaluate(e, scope)),
    );
  }
  if (Array.isArray(value)) return value.map(v => renderInput(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderInput(v, scope)]),
    );
  }
  return value;
}

function readWorkspace(dir: string, prefix = ''): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory()
      ? readWorkspace(path.join(dir, e.name), rel)
      : [
          [rel, fs.readFileSync(path.join(dir, e.name), 'utf8')] as [
            string,
            string,
          ],
        ];
  });
}

export interface Refusal {
  property: string;
  message: string;
}

/** Loads templates/<name>/template.yaml once; returns its parameter check and in-process renderer. */
export function loadTemplate(name: string) {
  const file = path.join(REPO_ROOT, 'templates', name, 'template.yaml');
  const spec = yaml.parse(fs.readFileSync(file, 'utf8')).spec;
  const pages: object[] = [spec.parameters].flat();
  const steps: Step[] = spec.steps;
  const validator = new Validator();

  /** The scaffolder's own check (jsonschema, page by page, first failing page), as its dry-run and task endpoints apply it. */
  function check(values: Record<string, unknown>): Refusal[] {
    // the scaffolder answers with the first page that fails
    for (const page of pages) {
      const { errors } = validator.validate(values, page as any);
      if (errors.length)
        return errors.map(e => ({ property: e.property, message: e.message }));
    }
    return [];
  }

  // Cases share most of their values, so each fetch:template step's output is cached by its
  // rendered input, and each validated tree by its content.
  const renderedSteps = new Map<string, Array<[string, string]>>();
  const validatedTrees = new Map<string, Violation[]>();

  async function withDirectory<T>(fn: (dir: string) => Promise<T>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-fuzz-'));
    try {
      return await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async function fetchTemplateStep(input: unknown) {
    const key = JSON.stringify(input);
    const cached = renderedSteps.get(key);
    if (cached) return cached;
    const files = await withDirectory(async workspacePath => {
      await fetchTemplate.handler({
        input,
        workspacePath,
        templateInfo: { baseUrl: pathToFileURL(file).href },
        logger: mockServices.logger.mock(),
        output: () => {},
        isDryRun: true,
        checkpoint: async ({ fn }: any) => fn(),
        getInitiatorCredentials: async () => mockCredentials.user(),
        createTemporaryDirectory: async () =>
          fs.mkdtempSync(path.join(workspacePath, '..', 'pier-fuzz-tmp-')),
      } as any);
      return readWorkspace(workspacePath);
    });
    renderedSteps.set(key, files);
    return files;
  }

  async function validateTree(files: Array<[string, string]>) {
    const key = JSON.stringify(files.sort(([a], [b]) => a.localeCompare(b)));
    const cached = validatedTrees.get(key);
    if (cached) return cached;
    const violations = await withDirectory(async dir => {
      for (const [rel, content] of files) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
      }
      return validateFiles(await readTree(dir), { owners });
    });
    validatedTrees.set(key, violations);
    return violations;
  }

  /** The files the template's fetch:template steps produce (rendered by the real action) and what the validator says. */
  async function render(parameters: Record<string, unknown>) {
    const scope: Scope = { parameters, steps: {} };
    const files = new Map<string, string>();
    for (const step of steps) {
      if (step.if !== undefined && !renderInput(step.if, scope)) continue;
      if (step.action === 'pier:publishing:resolve') {
        const input = renderInput(step.input, scope) as any;
        scope.steps[step.id] = {
          output: publishingTarget(
            publishing,
            input.repository,
            input.changeBranch,
          ),
        };
      }
      if (step.action !== 'fetch:template') continue;
      const items =
        step.each === undefined
          ? [undefined]
          : (renderInput(step.each, scope) as unknown[]);
      for (const each of items) {
        for (const [rel, content] of await fetchTemplateStep(
          renderInput(step.input, { ...scope, each }),
        )) {
          files.set(rel, content);
        }
      }
    }
    const validate = steps.find(s => s.action === 'pier:files:validate');
    const violations: Violation[] = [];
    for (const sub of (validate?.input.paths as string[]) ?? ['.']) {
      const tree = [...files]
        .filter(([rel]) => sub === '.' || rel.startsWith(`${sub}/`))
        .map(
          ([rel, content]) =>
            [sub === '.' ? rel : rel.slice(sub.length + 1), content] as [
              string,
              string,
            ],
        );
      for (const v of await validateTree(tree)) {
        violations.push({ ...v, file: path.posix.join(sub, v.file) });
      }
    }
    return { files, violations };
  }

  return { check, render, spec };
}
