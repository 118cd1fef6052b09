import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ModelClass = new (data: unknown) => { validate(): void };

interface Fields {
  versions: Record<string, string>;
  /** "apps/v1/Deployment" -> type id */
  roots: Record<string, string>;
  /** p: field -> type id ('' scalar, '*' anything); m: type of map values */
  types: Record<string, { p: Record<string, string>; m?: string }>;
}

let models: Record<string, ModelClass> | undefined;
let fields: Fields | undefined;

const schemasDir = resolvePackagePath(
  '@internal/platform-validation',
  'schemas',
);

/** kubernetes-models' own validator classes, by "apiVersion/kind" (bundled by scripts/build-manifest-schemas.mjs). */
export function modelClasses(): Record<string, ModelClass> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  models ??= require(resolve(schemasDir, 'models.cjs')).models as Record<
    string,
    ModelClass
  >;
  return models;
}

/** Field names per kind, from the model packages' TypeScript interfaces. */
export function modelFields(): Fields {
  fields ??= JSON.parse(
    readFileSync(resolve(schemasDir, 'fields.json'), 'utf8'),
  ) as Fields;
  return fields;
}

/** Runs the model package's validator; returns its errors (empty when valid). */
export function validateModel(
  key: string,
  value: unknown,
): AjvError[] | undefined {
  const Model = modelClasses()[key];
  if (!Model) return undefined;
  try {
    new Model(value).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    return errors;
  }
}
