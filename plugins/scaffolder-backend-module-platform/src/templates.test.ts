import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  REPO_ROOT,
  TEMPLATE_NAMES,
  startTemplateBackend,
  testValues,
} from './__testUtils__/templateBackend';

/** Files a skeleton directory holds, with `${{ values.x }}` path segments filled in. */
function skeletonPaths(dir: string, values: Record<string, string>) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e =>
      path
        .relative(dir, path.join(e.parentPath, e.name))
        .replace(/\$\{\{ values\.(\w+) \}\}/g, (_, k) => values[k]),
    );
}

describe('templates rendered through the real scaffolder backend (dry run)', () => {
  let t: Awaited<ReturnType<typeof startTemplateBackend>>;
  beforeAll(async () => {
    t = await startTemplateBackend();
  });
  afterAll(() => t.backend.stop());

  it.each(TEMPLATE_NAMES)(
    '%s: its test values render, every YAML file parses, and the validator finds nothing',
    async name => {
      const started = Date.now();
      const result = await t.dryRun(name, testValues(name));
      expect(result.errors ?? 'no errors').toBe('no errors');
      expect(result.status).toBe(200);
      expect(result.violations).toEqual([]);
      expect(result.log).toContain(
        result.log.find(l =>
          /Validated \d+ files: 0 problem/.test(
            // eslint-disable-next-line no-control-regex
            l.replace(/\u001b\[[0-9;]*m/g, ''),
          ),
        ),
      );
      const yamlErrors = [...result.files]
        .filter(([file]) => /\.ya?ml$/.test(file))
        .flatMap(([file, content]) =>
          yaml
            .parseAllDocuments(content)
            .flatMap(d => d.errors.map(e => `${file}: ${e.message}`)),
        );
      expect(yamlErrors).toEqual([]);
      // GitHub Actions expressions (${{ github.sha }}) are copied without templating on purpose
      const unrendered = [...result.files]
        .filter(
          ([file, content]) =>
            !file.includes('.github/workflows/') && /\$\{\{|\{%/.test(content),
        )
        .map(([file]) => file);
      expect(unrendered).toEqual([]);
      // eslint-disable-next-line no-console
      console.log(
        `dry run ${name}: ${Date.now() - started} ms, ${
          result.files.size
        } files`,
      );
    },
  );

  it('service: the repository, its Terraform and both clusters are all generated', async () => {
    const values = testValues('service');
    const result = await t.dryRun('service', values);
    const skeleton = path.join(REPO_ROOT, 'templates/service/skeleton');
    const expected = [
      ...skeletonPaths(path.join(skeleton, 'service'), values).map(
        p => `service/${p}`,
      ),
      ...skeletonPaths(path.join(skeleton, 'terraform'), values).map(
        p => `infra-change/${p}`,
      ),
      ...skeletonPaths(path.join(skeleton, 'gitops-base'), values).map(
        p => `infra-change/${p}`,
      ),
      ...['prod', 'nonprod'].flatMap(cluster =>
        skeletonPaths(path.join(skeleton, 'gitops'), {
          ...values,
          cluster,
        }).map(p => `infra-change/${p}`),
      ),
    ];
    expect([...result.files.keys()].sort()).toEqual(expected.sort());

    const catalogInfo = yaml.parse(
      result.files.get('service/catalog-info.yaml')!,
    );
    expect(catalogInfo.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': values.name,
      'backstage.io/kubernetes-namespace': values.name,
      'argocd/app-selector': `backstage.io/kubernetes-id=${values.name}`,
      'datadoghq.com/service-name': values.name,
      'aws.amazon.com/ecr-repository': values.name,
      'aws.amazon.com/securityhub-findings-tags': `service=${values.name}`,
    });
    expect(catalogInfo.spec).toMatchObject({
      owner: values.owner,
      system: values.system,
    });

    for (const cluster of ['prod', 'nonprod']) {
      const app = yaml.parse(
        result.files.get(
          `infra-change/infra/gitops/clusters/${cluster}/apps/${values.name}.yaml`,
        )!,
      );
      expect(app.metadata.labels['backstage.io/kubernetes-id']).toBe(
        values.name,
      );
      expect(app.spec.sources.map((s: { path: string }) => s.path)).toEqual([
        `infra/gitops/apps/${values.name}/base`,
        `infra/gitops/apps/${values.name}/${cluster}`,
      ]);
      const deployment = yaml.parse(
        result.files.get(
          `infra-change/infra/gitops/apps/${values.name}/${cluster}/deployment.yaml`,
        )!,
      );
      expect(
        deployment.spec.template.metadata.labels['tags.datadoghq.com/env'],
      ).toBe(cluster);
      expect(
        deployment.spec.template.spec.containers[0].resources.requests,
      ).toEqual({
        cpu: values.cpu,
        memory: values.memory,
      });
    }
  });

  it("service: the generated service's own unit tests pass", async () => {
    const result = await t.dryRun('service', testValues('service'));
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'pier-generated-service-'),
    );
    try {
      for (const [file, content] of result.files) {
        if (!file.startsWith('service/')) continue;
        const target = path.join(dir, file.slice('service/'.length));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
      }
      // The service's own `npm test` command, run with this Node (it needs no installed packages).
      const testScript: string = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      ).scripts.test;
      const outcome = await new Promise<{ code: number; output: string }>(
        resolve => {
          execFile(
            'sh',
            ['-c', testScript.replace(/^node /, `"${process.execPath}" `)],
            { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } },
            (error, stdout, stderr) =>
              resolve({
                code: error ? Number(error.code ?? 1) : 0,
                output: stdout + stderr,
              }),
          );
        },
      );
      expect(outcome.output).toMatch(/# pass [1-9]/);
      expect(outcome).toMatchObject({ code: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('terraform-module: one module directory with the four core files, README and examples', async () => {
    const values = testValues('terraform-module');
    const result = await t.dryRun('terraform-module', values);
    const dir = `infra-change/infra/terraform/modules/${values.name}`;
    expect([...result.files.keys()].sort()).toEqual(
      [
        'README.md',
        'examples/basic/main.tf',
        'examples/disabled/main.tf',
        'main.tf',
        'outputs.tf',
        'variables.tf',
        'versions.tf',
      ].map(f => `${dir}/${f}`),
    );
    expect(result.files.get(`${dir}/main.tf`)).toContain(
      'resource "aws_sqs_queue" "this"',
    );
  });

  it('argocd-app: an ApplicationSet instead of Applications when asked, for the chosen cluster only', async () => {
    const values = {
      ...testValues('argocd-app'),
      resourceKind: 'ApplicationSet',
      clusters: ['nonprod'],
    };
    const result = await t.dryRun('argocd-app', values);
    expect(result.violations).toEqual([]);
    const paths = [...result.files.keys()];
    expect(paths.some(p => p.includes('/prod'))).toBe(false);
    const appSet = yaml.parse(
      result.files.get(
        `infra-change/infra/gitops/clusters/nonprod/apps/${values.name}.yaml`,
      )!,
    );
    expect(appSet.kind).toBe('ApplicationSet');
    expect(
      appSet.spec.generators[0].clusters.selector.matchExpressions[0].values,
    ).toEqual(['nonprod']);
  });

  it.each([
    's3-bucket',
    'sqs-queue',
    'dynamodb-table',
    'aurora-postgresql',
    'elasticache',
    'iam-role-for-service-account',
  ])('terraform-module: the %s kind validates', async kind => {
    const result = await t.dryRun('terraform-module', {
      ...testValues('terraform-module'),
      kind,
    });
    expect(result.status).toBe(200);
    expect(result.violations).toEqual([]);
  });

  it('service: an owner that is not a team in the catalog is a violation the preview shows', async () => {
    const result = await t.dryRun('service', {
      ...testValues('service'),
      owner: 'group:default/no-such-team',
    });
    expect(result.status).toBe(200);
    // the catalog entity and both clusters' Applications (whose Argo CD project is the team's)
    expect(result.violations).toEqual([
      expect.objectContaining({
        file: 'service/catalog-info.yaml',
        message: expect.stringContaining('no-such-team'),
      }),
      ...['nonprod', 'prod'].map(cluster =>
        expect.objectContaining({
          file: `infra-change/infra/gitops/clusters/${cluster}/apps/payment-refunds.yaml`,
          check: 'catalog-owner',
          field: 'spec.project',
          message: expect.stringContaining('group:default/no-such-team'),
        }),
      ),
    ]);
  });

  it('refuses a name that is not a DNS label before rendering anything', async () => {
    const result = await t.dryRun('service', {
      ...testValues('service'),
      name: 'Payment_Refunds',
    });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.errors)).toMatch(/name/);
  });
});
