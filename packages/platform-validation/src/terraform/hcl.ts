import type * as Hcl2Json from '@cdktf/hcl2json';
import type * as HclTools from '@cdktf/hcl-tools';

let modules:
  | { hcl2json: typeof Hcl2Json; hclTools: typeof HclTools }
  | undefined;

/**
 * HashiCorp's HCL parser and formatter, loaded on the first Terraform file rather than with this
 * package. Each is a Go program compiled to WebAssembly that both packages start when they are
 * imported: ~12 MB of WebAssembly read, unzipped and compiled, and two Go runtimes of ~18 MB of
 * memory each, in every process that imports the validator (the backend, through the
 * scaffolder's actions), whether or not it ever validates Terraform (docs/benchmarks.md, Findings).
 */
function hcl() {
  modules ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hcl2json: require('@cdktf/hcl2json'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hclTools: require('@cdktf/hcl-tools'),
  };
  return modules;
}

/** `@cdktf/hcl2json`'s parse: the file as JSON, or a syntax error. */
export const parse: typeof Hcl2Json.parse = (...args) =>
  hcl().hcl2json.parse(...args);

/** `@cdktf/hcl2json`'s references of one expression file. */
export const getReferencesInExpression: typeof Hcl2Json.getReferencesInExpression =
  (...args) => hcl().hcl2json.getReferencesInExpression(...args);

/** `@cdktf/hcl-tools`' canonical format (terraform fmt). */
export const format: typeof HclTools.format = (...args) =>
  hcl().hclTools.format(...args);
