/*
 * Extracts the AWS provider schema (resource and data source types, argument and block
 * names, required arguments) from @cdktf/provider-aws's jsii type metadata into
 * schemas/aws-provider.json. Run once per provider upgrade:
 *
 *   npm pack @cdktf/provider-aws@21.22.1 && tar xzf cdktf-provider-aws-21.22.1.tgz package/.jsii
 *   node scripts/extract-aws-schema.mjs package/.jsii
 *
 * The package is not a dependency: its jsii assembly (130 MB) is only read here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const jsiiPath = process.argv[2];
if (!jsiiPath) {
  console.error(
    'usage: node scripts/extract-aws-schema.mjs <path to @cdktf/provider-aws/.jsii>',
  );
  process.exit(2);
}
const assembly = JSON.parse(readFileSync(jsiiPath, 'utf8'));
const types = assembly.types;

const LINK =
  /registry\.terraform\.io\/providers\/hashicorp\/aws\/([\d.]+)\/docs\/(resources|data-sources)\/(\w+)(?:#(\w+))?/;

function docText(docs) {
  return `${docs?.summary ?? ''} ${docs?.remarks ?? ''}`;
}

function snakeCase(name) {
  return name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

/** The struct a property's type points at, through unions and arrays, if any. */
function structOf(type) {
  if (!type) return undefined;
  if (
    type.fqn &&
    types[type.fqn]?.kind === 'interface' &&
    types[type.fqn].datatype
  ) {
    return type.fqn;
  }
  if (type.collection) return structOf(type.collection.elementtype);
  if (type.union) {
    for (const member of type.union.types) {
      const found = structOf(member);
      if (found) return found;
    }
  }
  return undefined;
}

let providerVersion;

/**
 * Block schema: { a: {name: flags}, b: {name: [required 0|1, block]} }; argument flags: 1 required,
 * 2 free-form (jsii type any: nested structures the provider types dynamically, e.g. WAF rule
 * statements, which HCL writes as blocks).
 */
function blockSchema(fqn, seen = new Set()) {
  const struct = types[fqn];
  const schema = { a: {}, b: {} };
  if (seen.has(fqn)) return schema;
  const inner = new Set(seen).add(fqn);
  for (const prop of struct.properties ?? []) {
    const match = LINK.exec(docText(prop.docs));
    if (match) providerVersion ??= match[1];
    const name = match?.[4] ?? snakeCase(prop.name);
    const required = prop.optional ? 0 : 1;
    const nested = structOf(prop.type);
    if (nested) schema.b[name] = [required, blockSchema(nested, inner)];
    else schema.a[name] = required | (prop.type?.primitive === 'any' ? 2 : 0);
  }
  if (Object.keys(schema.b).length === 0) delete schema.b;
  return schema;
}

const out = { resource: {}, data: {} };
for (const type of Object.values(types)) {
  if (type.kind !== 'class') continue;
  const kind = {
    'cdktf.TerraformResource': 'resource',
    'cdktf.TerraformDataSource': 'data',
  }[type.base];
  if (!kind) continue;
  const tfType = /\{@link \S+ (aws_\w+)\}/.exec(type.docs?.summary ?? '')?.[1];
  const config = type.initializer?.parameters?.find(p => p.name === 'config');
  if (!tfType || !config) continue;
  out[kind][tfType] = blockSchema(config.type.fqn);
}

const sorted = kind =>
  Object.fromEntries(
    Object.entries(out[kind]).sort(([a], [b]) => a.localeCompare(b)),
  );
const result = {
  provider: 'registry.terraform.io/hashicorp/aws',
  providerVersion,
  extractedFrom: `@cdktf/provider-aws@${assembly.version}`,
  resource: sorted('resource'),
  data: sorted('data'),
};
const target = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../schemas/aws-provider.json',
);
writeFileSync(target, `${JSON.stringify(result)}\n`);
console.log(
  `${Object.keys(result.resource).length} resources, ${
    Object.keys(result.data).length
  } data sources, provider ${providerVersion} -> ${target}`,
);
