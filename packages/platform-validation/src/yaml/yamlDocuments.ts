import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  Pair,
  parseAllDocuments,
} from 'yaml';
import { Position, SourceFile, Violation } from '../types';

export type FieldPath = (string | number)[];

/** One YAML document of a file, its plain value, and positions of its fields. */
export interface YamlDocument {
  file: SourceFile;
  /** 0-based index of the document in its file */
  index: number;
  value: unknown;
  /** Position of the node at `path` (its key when `key` is true), or of the deepest part of it that exists */
  positionOf(path: FieldPath, key?: boolean): Position;
}

export function isYamlFile(path: string) {
  return path.endsWith('.yaml') || path.endsWith('.yml');
}

/** Parses every document of a YAML file; syntax errors are reported and the file skipped. */
export function parseYamlFile(
  file: SourceFile,
  report: (v: Violation) => void,
): YamlDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(file.content, {
    lineCounter,
    prettyErrors: false,
  });
  const docs = Array.isArray(documents) ? documents : [];
  let failed = false;
  for (const doc of docs) {
    for (const error of doc.errors) {
      failed = true;
      const { line, col } = lineCounter.linePos(error.pos[0]);
      report({
        file: file.path,
        line,
        column: col,
        check: 'yaml-parse',
        message: `${
          error.message.split('\n')[0]
        } Fix the YAML syntax (indentation, quotes, a missing ':').`,
      });
    }
  }
  if (failed) return [];
  return docs
    .map((doc, index) => ({ doc, index }))
    .filter(({ doc }) => doc.contents !== null)
    .map(({ doc, index }) => ({
      file,
      index,
      value: doc.toJS({ maxAliasCount: 100 }),
      positionOf: (path: FieldPath, key = false) =>
        locate(doc, path, key, lineCounter),
    }));
}

function locate(
  doc: Document,
  path: FieldPath,
  key: boolean,
  lineCounter: LineCounter,
): Position {
  let node: Node | null | undefined = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (let k = 0; k < path.length && node; k++) {
    const segment = path[k];
    const last = k === path.length - 1;
    if (isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find(
        p => (isScalar(p.key) ? p.key.value : p.key) === segment,
      );
      if (!pair) break;
      if (last && key && isNode(pair.key)) {
        found = pair.key;
        break;
      }
      node = isNode(pair.value) ? pair.value : undefined;
      // a key with an empty value: point at the key
      found = node ?? (isNode(pair.key) ? pair.key : found);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      node = isNode(item) ? item : undefined;
      if (node) found = node;
    } else {
      break;
    }
  }
  const offset = found?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** "spec.template.spec.containers[0].image" */
export function fieldName(path: FieldPath): string {
  return path
    .map((segment, k) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[\w-]+$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return k === 0 ? segment : `.${segment}`;
    })
    .join('');
}
