import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  SourceFile,
  ValidationOptions,
  Violation,
} from '@internal/platform-validation';

export interface PlatformValidator {
  validateFiles(
    files: SourceFile[],
    options?: ValidationOptions,
  ): Promise<Violation[]>;
  readTree(dir: string): Promise<SourceFile[]>;
}

/** `file:line (field): message`, the form a junior reads in the log and the preview. */
export function describeViolation(v: Violation) {
  const where = `${v.file}${v.line ? `:${v.line}` : ''}${
    v.field ? ` (${v.field})` : ''
  }`;
  return `${where}: ${v.message}`;
}

/**
 * Runs the platform validator (the same one infra/ CI runs) over the generated files. A real run
 * fails on the first violation found, listing all of them; a dry run (the form's preview) reports
 * them as output so the junior sees the files and the problems together.
 */
export function createValidateFilesAction(options: {
  validator: PlatformValidator;
  catalog: CatalogService;
}) {
  const { validator, catalog } = options;
  return createTemplateAction({
    id: 'pier:files:validate',
    description:
      'Validates the generated Terraform, Kubernetes/Argo CD manifests and catalog-info.yaml (platform-validation)',
    supportsDryRun: true,
    schema: {
      input: {
        paths: z =>
          z
            .array(z.string(), {
              description:
                'Workspace sub-directories to validate (default: all)',
            })
            .optional(),
      },
      output: {
        violations: z =>
          z.array(
            z.object({
              file: z.string(),
              line: z.number().optional(),
              column: z.number().optional(),
              field: z.string().optional(),
              check: z.string(),
              message: z.string(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const { items: groups } = await catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const owners = new Set(groups.map(g => stringifyEntityRef(g)));
      // Each path is the content of one repository (the new one, the infra change): validated
      // as that repository's tree, so Argo CD source paths resolve; reported with the prefix.
      let fileCount = 0;
      const violations: Violation[] = [];
      for (const sub of ctx.input.paths ?? ['.']) {
        const dir = resolveSafeChildPath(ctx.workspacePath, sub);
        const files = await validator.readTree(dir);
        fileCount += files.length;
        for (const v of await validator.validateFiles(files, { owners })) {
          violations.push({ ...v, file: path.posix.join(sub, v.file) });
        }
      }
      ctx.logger.info(
        `Validated ${fileCount} files: ${violations.length} problem(s)`,
      );
      for (const v of violations) ctx.logger.error(describeViolation(v));
      ctx.output('violations', violations);
      if (violations.length > 0 && !ctx.isDryRun) {
        throw new InputError(
          `The generated files have ${
            violations.length
          } problem(s); nothing was published:\n${violations
            .map(describeViolation)
            .join('\n')}`,
        );
      }
    },
  });
}
