/* eslint-disable no-console */
/*
 * Validates directories and prints one line per violation, then a summary:
 *
 *   yarn workspace @internal/platform-validation validate <dir>...   (paths relative to the package)
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/platform-validation/src/cli.ts infra
 *
 * Exit code 1 when there are violations, 2 on bad usage.
 */
import { resolve } from 'node:path';
import { readTree } from './readTree';
import { validateFilesWithSummary } from './validateFiles';

async function main(dirs: string[]) {
  if (dirs.length === 0) {
    console.error('usage: cli.ts <dir>...');
    return 2;
  }
  const started = process.hrtime.bigint();
  const files = (
    await Promise.all(
      dirs.map(d =>
        readTree(resolve(process.env.INIT_CWD ?? process.cwd(), d)),
      ),
    )
  ).flat();
  const summary = await validateFilesWithSummary(files);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  for (const v of summary.violations) {
    const position = v.line
      ? `:${v.line}${v.column ? `:${v.column}` : ''}`
      : '';
    console.log(`${v.file}${position} [${v.check}] ${v.message}`);
  }
  console.log(
    [
      `${summary.files} files (${summary.terraformFiles} Terraform, ${summary.yamlDocuments} YAML documents)`,
      `${summary.resources} Terraform resources/data sources (${
        summary.schemaCheckedResources
      } checked against the AWS provider schema; other providers, syntax and references only: ${
        summary.otherProviderTypes.join(', ') || 'none'
      })`,
      `${summary.manifests} manifests checked against Kubernetes/CRD schemas; ${summary.applicationSets} ApplicationSets expanded into ${summary.generatedApplications} Applications`,
      `${summary.violations.length} violations in ${ms.toFixed(0)} ms`,
    ].join('\n'),
  );
  return summary.violations.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(2);
  },
);
