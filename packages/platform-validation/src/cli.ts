/* eslint-disable no-console */
/*
 * Validates directories and prints one line per violation, then a summary:
 *
 *   yarn workspace @internal/platform-validation validate <dir>...   (dirs relative to where yarn runs)
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/platform-validation/src/cli.ts infra
 *
 * --fix-format first rewrites .tf/.tfvars files into canonical format (terraform fmt).
 * Exit code 1 when there are violations, 2 on bad usage.
 */
import { format } from '@cdktf/hcl-tools';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readTree } from './readTree';
import { validateFilesWithSummary } from './validateFiles';

async function fixFormat(dirs: string[]) {
  for (const dir of dirs) {
    for (const file of await readTree(dir, { absolutePaths: true })) {
      if (!/\.(tf|tfvars)$/.test(file.path)) continue;
      const formatted = await format(file.content);
      if (formatted !== file.content) {
        await writeFile(file.path, formatted);
        console.log(`formatted ${file.path}`);
      }
    }
  }
}

async function main(args: string[]) {
  const fix = args.includes('--fix-format');
  const dirs = args
    .filter(a => a !== '--fix-format')
    .map(d => resolve(process.env.INIT_CWD ?? process.cwd(), d));
  if (dirs.length === 0) {
    console.error('usage: cli.ts [--fix-format] <dir>...');
    return 2;
  }
  if (fix) await fixFormat(dirs);
  const started = process.hrtime.bigint();
  const files = (await Promise.all(dirs.map(d => readTree(d)))).flat();
  const summary = await validateFilesWithSummary(files);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  for (const v of summary.violations) {
    const position = v.line ? `:${v.line}${v.column ? `:${v.column}` : ''}` : '';
    console.log(`${v.file}${position} [${v.check}] ${v.message}`);
  }
  const others = summary.otherProviderTypes.join(', ') || 'none';
  console.log(
    [
      `${summary.files} files (${summary.terraformFiles} Terraform, ${summary.yamlDocuments} YAML documents)`,
      `${summary.resources} Terraform resources/data sources: ${summary.schemaCheckedResources} checked against the AWS provider schema; other providers (syntax, format, references only): ${others}`,
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
