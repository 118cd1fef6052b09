import { format, getReferencesInExpression, parse } from './hcl';
import { posix } from 'node:path';
import { SourceFile, Violation } from '../types';
import { didYouMean } from '../suggest';
import {
  awsProviderSchema,
  BlockSchema,
  FREE_FORM,
  REQUIRED,
} from './awsSchema';
import {
  HclAttribute,
  HclBlock,
  HclBody,
  offsetPosition,
  outlineHcl,
} from './outline';

export interface TerraformStats {
  files: number;
  /** resource and data blocks */
  resources: number;
  /** of which checked against the AWS provider schema */
  schemaChecked: number;
  /** resource types of other providers (syntax and references only) */
  otherProviders: Set<string>;
}

interface ParsedFile {
  file: SourceFile;
  outline: HclBody;
}

/** What a module (one directory of .tf files) declares. */
interface ModuleDeclarations {
  variables: Map<string, { required: boolean }>;
  locals: Set<string>;
  resources: Set<string>;
  data: Set<string>;
  ephemeral: Set<string>;
  modules: Map<string, HclBlock>;
  outputs: Set<string>;
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);
const BUILTIN_ROOTS = new Set(['each', 'count', 'self', 'path', 'terraform']);

export async function checkTerraform(
  files: SourceFile[],
  report: (v: Violation) => void,
): Promise<TerraformStats> {
  const stats: TerraformStats = {
    files: 0,
    resources: 0,
    schemaChecked: 0,
    otherProviders: new Set(),
  };
  const parsed: ParsedFile[] = [];
  const tfvars: ParsedFile[] = [];

  for (const file of files) {
    const isTf = file.path.endsWith('.tf');
    if (!isTf && !file.path.endsWith('.tfvars')) continue;
    stats.files++;
    try {
      await parse(file.path, file.content);
    } catch (error) {
      reportParseErrors(
        file,
        String((error as Error)?.message ?? error),
        report,
      );
      continue;
    }
    await checkFormat(file, report);
    (isTf ? parsed : tfvars).push({ file, outline: outlineHcl(file.content) });
  }

  const byModule = new Map<string, ParsedFile[]>();
  for (const p of parsed) {
    const dir = posix.dirname(p.file.path);
    byModule.set(dir, [...(byModule.get(dir) ?? []), p]);
  }
  const declarations = new Map<string, ModuleDeclarations>();
  for (const [dir, moduleFiles] of byModule) {
    declarations.set(dir, declare(moduleFiles));
  }

  for (const [dir, moduleFiles] of byModule) {
    const declared = declarations.get(dir)!;
    for (const { file, outline } of moduleFiles) {
      for (const block of outline.blocks) {
        if (block.type === 'resource' || block.type === 'data') {
          stats.resources++;
          const [type] = block.labels;
          if (type?.startsWith('aws_')) {
            stats.schemaChecked++;
            checkAwsBlock(file, block, report);
          } else if (type) {
            stats.otherProviders.add(type);
          }
        } else if (block.type === 'variable') {
          checkVariable(file, block, report);
        } else if (block.type === 'module') {
          checkModuleCall(file, block, byModule, declarations, report);
        }
      }
      await checkReferences(file, outline, declared, declarations, report);
    }
  }
  for (const values of tfvars) {
    const declared = declarations.get(posix.dirname(values.file.path));
    if (declared) checkVariableValues(values, declared, report);
  }
  return stats;
}

/** A root module's values (terraform.tfvars): every value must land on a variable. */
function checkVariableValues(
  { file, outline }: ParsedFile,
  declared: ModuleDeclarations,
  report: (v: Violation) => void,
) {
  const set = new Set<string>();
  for (const attribute of outline.attributes) {
    set.add(attribute.name);
    if (!declared.variables.has(attribute.name)) {
      report({
        file: file.path,
        line: attribute.line,
        column: attribute.column,
        field: attribute.name,
        check: 'tf-vars',
        message: `"${
          attribute.name
        }" is not a variable of this root module.${didYouMean(
          attribute.name,
          declared.variables.keys(),
        )}`,
      });
    }
  }
  for (const [name, { required }] of declared.variables) {
    if (required && !set.has(name)) {
      report({
        file: file.path,
        line: 1,
        column: 1,
        field: name,
        check: 'tf-vars',
        message: `Required variable "${name}" is not set; terraform would stop and ask for it.`,
      });
    }
  }
}

function reportParseErrors(
  file: SourceFile,
  message: string,
  report: (v: Violation) => void,
) {
  const diagnostic = /:(\d+),(\d+)-[\d,]+: ([^;\]]+);? ?([^\]]*)/g;
  let found = false;
  for (const m of message.matchAll(diagnostic)) {
    found = true;
    report({
      file: file.path,
      line: Number(m[1]),
      column: Number(m[2]),
      check: 'hcl-parse',
      message: `${m[3].trim()}${m[4] ? `: ${m[4].trim()}` : ''}`.replace(
        /\.?$/,
        '.',
      ),
    });
  }
  if (!found) {
    report({ file: file.path, check: 'hcl-parse', message: message.trim() });
  }
}

async function checkFormat(file: SourceFile, report: (v: Violation) => void) {
  const formatted = await format(file.content);
  if (formatted === file.content) return;
  const actual = file.content.split('\n');
  const expected = formatted.split('\n');
  let line = 0;
  while (line < actual.length && actual[line] === expected[line]) line++;
  report({
    file: file.path,
    line: line + 1,
    column: 1,
    check: 'hcl-format',
    message: `The file is not in canonical format (terraform fmt); this line should read ${JSON.stringify(
      expected[line] ?? '',
    )}. Run "terraform fmt" or let the validator's format() rewrite it.`,
  });
}

function declare(moduleFiles: ParsedFile[]): ModuleDeclarations {
  const declared: ModuleDeclarations = {
    variables: new Map(),
    locals: new Set(),
    resources: new Set(),
    data: new Set(),
    ephemeral: new Set(),
    modules: new Map(),
    outputs: new Set(),
  };
  for (const { outline } of moduleFiles) {
    for (const block of outline.blocks) {
      const [first, second] = block.labels;
      if (block.type === 'variable' && first) {
        declared.variables.set(first, {
          required: !block.body.attributes.some(a => a.name === 'default'),
        });
      } else if (block.type === 'locals') {
        for (const a of block.body.attributes) declared.locals.add(a.name);
      } else if (block.type === 'resource' && second) {
        declared.resources.add(`${first}.${second}`);
      } else if (block.type === 'data' && second) {
        declared.data.add(`${first}.${second}`);
      } else if (block.type === 'ephemeral' && second) {
        declared.ephemeral.add(`${first}.${second}`);
      } else if (block.type === 'module' && first) {
        declared.modules.set(first, block);
      } else if (block.type === 'output' && first) {
        declared.outputs.add(first);
      }
    }
  }
  return declared;
}

function checkVariable(
  file: SourceFile,
  block: HclBlock,
  report: (v: Violation) => void,
) {
  const name = block.labels[0];
  for (const required of ['type', 'description']) {
    if (!block.body.attributes.some(a => a.name === required)) {
      report({
        file: file.path,
        line: block.line,
        column: block.column,
        field: `variable.${name}`,
        check: 'tf-variable',
        message:
          required === 'type'
            ? `Variable "${name}" has no type; add e.g. type = string (or object({...}) with optional() instead of any).`
            : `Variable "${name}" has no description; add description = "what it is for, in one sentence".`,
      });
    }
  }
}

function checkAwsBlock(
  file: SourceFile,
  block: HclBlock,
  report: (v: Violation) => void,
) {
  const [type, name] = block.labels;
  const schema = awsProviderSchema();
  const kind = block.type === 'data' ? 'data' : 'resource';
  const resourceSchema = schema[kind][type];
  if (!resourceSchema) {
    report({
      file: file.path,
      line: block.line,
      column: block.column,
      field: `${kind === 'data' ? 'data.' : ''}${type}.${name}`,
      check: 'tf-schema',
      message: `The AWS provider ${schema.providerVersion} has no ${
        kind === 'data' ? 'data source' : 'resource type'
      } "${type}".${didYouMean(type, Object.keys(schema[kind]))}`,
    });
    return;
  }
  checkBody(
    file,
    block,
    block.body,
    resourceSchema,
    `${type}.${name}`,
    true,
    report,
  );
}

function checkBody(
  file: SourceFile,
  at: { line: number; column: number },
  body: HclBody,
  schema: BlockSchema,
  path: string,
  topLevel: boolean,
  report: (v: Violation) => void,
) {
  const blocks = schema.b ?? {};
  const known = [...Object.keys(schema.a), ...Object.keys(blocks)];
  const present = new Set<string>();

  for (const attribute of body.attributes) {
    present.add(attribute.name);
    if (attribute.name in schema.a || attribute.name in blocks) continue;
    if (topLevel && META_ARGUMENTS.has(attribute.name)) continue;
    report({
      file: file.path,
      line: attribute.line,
      column: attribute.column,
      field: `${path}.${attribute.name}`,
      check: 'tf-schema',
      message: `"${attribute.name}" is not an argument of ${path}.${didYouMean(
        attribute.name,
        known,
      )}`,
    });
  }
  for (const child of body.blocks) {
    if (topLevel && META_BLOCKS.has(child.type)) continue;
    const blockName = child.type === 'dynamic' ? child.labels[0] : child.type;
    present.add(blockName);
    const nested = blocks[blockName];
    if (!nested && (schema.a[blockName] ?? 0) & FREE_FORM) continue;
    if (!nested) {
      report({
        file: file.path,
        line: child.line,
        column: child.column,
        field: `${path}.${blockName}`,
        check: 'tf-schema',
        message: `"${blockName}" is not a block of ${path}.${didYouMean(
          blockName,
          Object.keys(blocks),
        )}${
          blockName in schema.a
            ? ` "${blockName}" is an argument: write ${blockName} = ...`
            : ''
        }`,
      });
      continue;
    }
    const content =
      child.type === 'dynamic'
        ? child.body.blocks.find(b => b.type === 'content')?.body
        : child.body;
    if (content) {
      checkBody(
        file,
        child,
        content,
        nested[1],
        `${path}.${blockName}`,
        false,
        report,
      );
    }
  }
  for (const [argument, flags] of Object.entries(schema.a)) {
    if (flags & REQUIRED && !present.has(argument)) {
      report({
        file: file.path,
        line: at.line,
        column: at.column,
        field: `${path}.${argument}`,
        check: 'tf-required',
        message: `${path} is missing the required argument "${argument}".`,
      });
    }
  }
  for (const [blockName, [required]] of Object.entries(blocks)) {
    if (required && !present.has(blockName)) {
      report({
        file: file.path,
        line: at.line,
        column: at.column,
        field: `${path}.${blockName}`,
        check: 'tf-required',
        message: `${path} is missing the required block "${blockName} { ... }".`,
      });
    }
  }
}

function checkModuleCall(
  file: SourceFile,
  block: HclBlock,
  byModule: Map<string, ParsedFile[]>,
  declarations: Map<string, ModuleDeclarations>,
  report: (v: Violation) => void,
) {
  const name = block.labels[0];
  const source = stringLiteral(
    block.body.attributes.find(a => a.name === 'source'),
  );
  const at = { file: file.path, line: block.line, column: block.column };
  if (!source) {
    report({
      ...at,
      field: `module.${name}.source`,
      check: 'tf-module',
      message: `Module "${name}" has no literal source.`,
    });
    return;
  }
  if (!source.startsWith('./') && !source.startsWith('../')) {
    if (
      !block.body.attributes.some(a => a.name === 'version') &&
      !source.includes('?ref=')
    ) {
      report({
        ...at,
        field: `module.${name}.version`,
        check: 'tf-module',
        message: `Module "${name}" comes from "${source}" without a version; pin it, e.g. version = "~> 20.0".`,
      });
    }
    return;
  }
  const dir = posix.normalize(posix.join(posix.dirname(file.path), source));
  const target = declarations.get(dir);
  if (!target || !byModule.has(dir)) {
    report({
      ...at,
      field: `module.${name}.source`,
      check: 'tf-module',
      message: `Module "${name}" points at "${source}" (${dir}), which holds no .tf files.`,
    });
    return;
  }
  const passed = new Set<string>();
  for (const attribute of block.body.attributes) {
    if (MODULE_META.has(attribute.name)) continue;
    passed.add(attribute.name);
    if (!target.variables.has(attribute.name)) {
      report({
        file: file.path,
        line: attribute.line,
        column: attribute.column,
        field: `module.${name}.${attribute.name}`,
        check: 'tf-module',
        message: `Module "${name}" (${dir}) has no variable "${
          attribute.name
        }".${didYouMean(attribute.name, target.variables.keys())}`,
      });
    }
  }
  for (const [variable, { required }] of target.variables) {
    if (required && !passed.has(variable)) {
      report({
        ...at,
        field: `module.${name}.${variable}`,
        check: 'tf-module',
        message: `Module "${name}" (${dir}) needs the variable "${variable}", which has no default; pass it.`,
      });
    }
  }
}

function stringLiteral(attribute?: HclAttribute): string | undefined {
  const m = attribute && /^"([^"$%\\]*)"$/.exec(attribute.expr);
  return m ? m[1] : undefined;
}

/** Attributes whose expressions are checked for references, with the names in scope there. */
function* referencingAttributes(
  body: HclBody,
  scope: ReadonlySet<string>,
): Generator<[HclAttribute, ReadonlySet<string>]> {
  for (const attribute of body.attributes) {
    // provider configurations (aws.us_east_1) are not values
    if (attribute.name !== 'provider' && attribute.name !== 'providers') {
      yield [attribute, scope];
    }
  }
  for (const block of body.blocks) {
    if (
      block.type === 'moved' ||
      block.type === 'import' ||
      block.type === 'terraform' ||
      block.type === 'removed'
    )
      continue;
    let inner = scope;
    if (block.type === 'dynamic') {
      const iterator =
        stringLiteral(block.body.attributes.find(a => a.name === 'iterator')) ??
        block.body.attributes.find(a => a.name === 'iterator')?.expr ??
        block.labels[0];
      inner = new Set([...scope, iterator]);
    }
    for (const [attribute, attrScope] of referencingAttributes(
      block.body,
      inner,
    )) {
      if (block.type === 'variable' && attribute.name === 'type') continue;
      yield [attribute, attrScope];
    }
  }
}

async function checkReferences(
  file: SourceFile,
  outline: HclBody,
  declared: ModuleDeclarations,
  declarations: Map<string, ModuleDeclarations>,
  report: (v: Violation) => void,
) {
  const attributes = [...referencingAttributes(outline, new Set())].filter(
    ([a]) => a.expr.length > 0,
  );
  if (attributes.length === 0) return;
  for (const { attribute, scope, value, offset } of await findReferences(
    file,
    attributes,
  )) {
    const problem = unresolved(value, scope, declared, declarations, file.path);
    if (!problem) continue;
    const position = offsetPosition(
      file.content,
      attribute.exprOffset + offset,
    );
    report({
      file: file.path,
      ...position,
      field: attribute.name,
      check: 'tf-reference',
      message: problem,
    });
  }
}

interface FoundReference {
  attribute: HclAttribute;
  scope: ReadonlySet<string>;
  value: string;
  /** offset of the reference in the attribute's expression */
  offset: number;
}

async function findReferences(
  file: SourceFile,
  attributes: [HclAttribute, ReadonlySet<string>][],
): Promise<FoundReference[]> {
  // One parser call per file: every expression as an element of one tuple.
  const prefix = '${[\n';
  const starts: number[] = [];
  let batch = prefix;
  for (const [attribute] of attributes) {
    starts.push(Buffer.byteLength(batch));
    batch += `${attribute.expr}\n,\n`;
  }
  batch += ']}';
  const bytes = Buffer.from(batch);
  let references: { value: string; startPosition: number }[];
  try {
    references = await getReferencesInExpression(file.path, batch);
  } catch {
    return findReferencesOneByOne(attributes);
  }
  const found: FoundReference[] = [];
  for (const ref of references) {
    let index = starts.length - 1;
    while (index > 0 && starts[index] > ref.startPosition) index--;
    const [attribute, scope] = attributes[index];
    const offset = bytes
      .subarray(starts[index], ref.startPosition)
      .toString().length;
    found.push({ attribute, scope, value: ref.value, offset });
  }
  return found;
}

async function findReferencesOneByOne(
  attributes: [HclAttribute, ReadonlySet<string>][],
): Promise<FoundReference[]> {
  const found: FoundReference[] = [];
  for (const [attribute, scope] of attributes) {
    try {
      const wrapped = `\${${attribute.expr}\n}`;
      for (const ref of await getReferencesInExpression('expr.tf', wrapped)) {
        found.push({
          attribute,
          scope,
          value: ref.value,
          offset: Math.max(0, ref.startPosition - 2),
        });
      }
    } catch {
      // the file parsed as a whole; an expression this outline cut wrongly is not the user's error
    }
  }
  return found;
}

function unresolved(
  value: string,
  scope: ReadonlySet<string>,
  declared: ModuleDeclarations,
  declarations: Map<string, ModuleDeclarations>,
  path: string,
): string | undefined {
  const [root, first, second] = value.split('.');
  if (BUILTIN_ROOTS.has(root) || scope.has(root)) return undefined;
  switch (root) {
    case 'var':
      return declared.variables.has(first)
        ? undefined
        : `var.${first} is not declared in this module; add a variable "${first}" block (with type and description).${didYouMean(
            first,
            declared.variables.keys(),
          )}`;
    case 'local':
      return declared.locals.has(first)
        ? undefined
        : `local.${first} is not defined in any locals block of this module.${didYouMean(
            first,
            declared.locals,
          )}`;
    case 'data':
      return declared.data.has(`${first}.${second}`)
        ? undefined
        : `data.${first}.${second} is not declared in this module.${didYouMean(
            `${first}.${second}`,
            declared.data,
          )}`;
    case 'ephemeral':
      return declared.ephemeral.has(`${first}.${second}`)
        ? undefined
        : `ephemeral.${first}.${second} is not declared in this module.${didYouMean(
            `${first}.${second}`,
            declared.ephemeral,
          )}`;
    case 'module': {
      const call = declared.modules.get(first);
      if (!call) {
        return `module.${first} is not declared in this module.${didYouMean(
          first,
          declared.modules.keys(),
        )}`;
      }
      const source = stringLiteral(
        call.body.attributes.find(a => a.name === 'source'),
      );
      if (
        second &&
        source &&
        (source.startsWith('./') || source.startsWith('../'))
      ) {
        const target = declarations.get(
          posix.normalize(posix.join(posix.dirname(path), source)),
        );
        if (target && !target.outputs.has(second) && !/^\d+$/.test(second)) {
          return `module.${first} (${source}) has no output "${second}".${didYouMean(
            second,
            target.outputs,
          )}`;
        }
      }
      return undefined;
    }
    default:
      if (!first) {
        return `"${root}" is not a known name here (not a variable, local, resource or iterator).`;
      }
      return declared.resources.has(`${root}.${first}`)
        ? undefined
        : `${root}.${first} is not a resource declared in this module.${didYouMean(
            `${root}.${first}`,
            declared.resources,
          )}`;
  }
}
