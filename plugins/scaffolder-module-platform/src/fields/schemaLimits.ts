import type { JSONSchema7 } from 'json-schema';

/** Limits the template's JSON schema declares for a string field, with the platform's defaults. */
export function limitsOf(schema: JSONSchema7) {
  const not = schema.not as JSONSchema7 | undefined;
  return {
    minLength: schema.minLength ?? 1,
    maxLength: schema.maxLength ?? 40,
    reserved: ((not?.enum ?? []) as unknown[]).map(String),
  };
}
