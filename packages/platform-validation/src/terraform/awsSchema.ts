import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';

/** a: argument -> flags (REQUIRED, FREE_FORM); b: nested block -> [1 if required, its schema] */
export interface BlockSchema {
  a: Record<string, number>;
  b?: Record<string, [0 | 1, BlockSchema]>;
}

export interface AwsProviderSchema {
  provider: string;
  providerVersion: string;
  extractedFrom: string;
  resource: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
}

let schema: AwsProviderSchema | undefined;

/** The AWS provider schema extracted by scripts/extract-aws-schema.mjs (loaded once). */
export function awsProviderSchema(): AwsProviderSchema {
  schema ??= JSON.parse(
    readFileSync(
      resolvePackagePath(
        '@internal/platform-validation',
        'schemas/aws-provider.json',
      ),
      'utf8',
    ),
  ) as AwsProviderSchema;
  return schema;
}

export const REQUIRED = 1;
/** typed `any` by the provider (e.g. WAF rule statements): HCL may write it as a block; its contents are not checked */
export const FREE_FORM = 2;
