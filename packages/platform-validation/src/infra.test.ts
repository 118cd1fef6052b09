import { resolve } from 'node:path';
import { readTree } from './readTree';
import { SourceFile } from './types';
import { validateFiles, validateFilesWithSummary } from './validateFiles';

/* The repository's own infra/ must validate cleanly: this is its CI check. */
const infraDir = resolve(__dirname, '../../../infra');

describe('infra/', () => {
  let files: SourceFile[];
  beforeAll(async () => {
    files = await readTree(infraDir);
  });

  it('has no violations, and every resource, document and ApplicationSet was checked', async () => {
    const summary = await validateFilesWithSummary(files);
    expect(summary.violations).toEqual([]);

    // counted independently of the validator, from the text
    const count = (ext: RegExp, pattern: RegExp) =>
      files
        .filter(f => ext.test(f.path))
        .reduce((n, f) => n + (f.content.match(pattern)?.length ?? 0), 0);
    expect(summary.schemaCheckedResources).toBe(
      count(/\.tf$/, /^(resource|data) "aws_/gm),
    );
    expect(summary.resources).toBe(count(/\.tf$/, /^(resource|data) "/gm));
    expect(summary.applicationSets).toBe(
      count(/\.ya?ml$/, /^kind: ApplicationSet$/gm),
    );
    expect(summary.manifests).toBe(count(/gitops\/.*\.ya?ml$/, /^kind: /gm));
    expect(summary.otherProviderTypes).toEqual(
      expect.arrayContaining(['mongodbatlas_network_peering']),
    );
  });

  it('fails when any file in it is broken, naming the file and line', async () => {
    const target = 'infra/terraform/modules/pier/main.tf';
    const broken = files.map(f =>
      f.path === target
        ? {
            ...f,
            content: f.content.replace('storage_encrypted', 'storage_encrypt'),
          }
        : f,
    );
    const original = files.find(f => f.path === target)!.content;
    const line =
      original.split('\n').findIndex(l => l.includes('storage_encrypted')) + 1;

    const violations = await validateFiles(broken);
    expect(violations).toEqual([
      expect.objectContaining({ file: target, line, check: 'hcl-format' }),
      expect.objectContaining({
        file: target,
        line,
        check: 'tf-schema',
        message: expect.stringContaining('Did you mean "storage_encrypted"?'),
      }),
    ]);
  });

  it("fails when a cluster's values leave out a required variable, so apply would stop and ask", async () => {
    const target = 'infra/terraform/clusters/prod/terraform.tfvars';
    const broken = files.map(f =>
      f.path === target
        ? { ...f, content: f.content.replace(/^account_id .*\n/m, '') }
        : f,
    );
    expect(await validateFiles(broken)).toEqual([
      expect.objectContaining({
        file: target,
        check: 'tf-vars',
        field: 'account_id',
      }),
    ]);
  });

  it('fails when an add-on ApplicationSet points at a values layer that is not there', async () => {
    const missing = 'infra/gitops/clusters/nonprod/addons/datadog/values.yaml';
    const violations = await validateFiles(
      files.filter(f => f.path !== missing),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        file: 'infra/gitops/addons/datadog.yaml',
        check: 'argocd-path',
        message: expect.stringContaining(missing),
      }),
    ]);
  });
});
