/*
 * The block/attribute outline of an HCL file, with positions. HashiCorp's parser (hcl2json)
 * decides whether a file is valid and finds references; its JSON output carries no
 * positions, so this scanner, run only on files that parsed, locates what the checks report.
 */

export interface HclAttribute {
  name: string;
  line: number;
  column: number;
  /** Offset of the expression in the file, and its source text */
  exprOffset: number;
  expr: string;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  column: number;
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

const IDENT = /[A-Za-z_][\w-]*/y;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export function outlineHcl(src: string): HclBody {
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\n') lineStarts.push(i + 1);
  }
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };

  let i = 0;

  const skipSpaceAndComments = (newlines: boolean) => {
    for (;;) {
      const c = src[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) {
        i++;
      } else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
        while (i < src.length && src[i] !== '\n') i++;
      } else if (c === '/' && src[i + 1] === '*') {
        const end = src.indexOf('*/', i + 2);
        i = end < 0 ? src.length : end + 2;
      } else {
        return;
      }
    }
  };

  const skipString = () => {
    // at the opening quote
    i++;
    while (i < src.length && src[i] !== '"') {
      if (src[i] === '\\') {
        i += 2;
      } else if ((src[i] === '$' || src[i] === '%') && src[i + 1] === '{') {
        i += 2;
        skipExpression('}');
        i++;
      } else {
        i++;
      }
    }
    i++;
  };

  const skipHeredoc = () => {
    // at "<<"
    const match = /<<-?([A-Za-z_]\w*)[^\n]*\n/y;
    match.lastIndex = i;
    const m = match.exec(src);
    if (!m) {
      i += 2;
      return;
    }
    i = match.lastIndex;
    const marker = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
    const rest = src.slice(i);
    const end = marker.exec(rest);
    i = end ? i + end.index + end[0].length : src.length;
  };

  /** Skips an expression; stops before a newline at depth 0, or before `closer` at depth 0. */
  function skipExpression(closer?: string) {
    const stack: string[] = [];
    while (i < src.length) {
      const c = src[i];
      if (stack.length === 0 && (c === '\n' || c === closer)) return;
      if (c === '"') {
        skipString();
      } else if (
        c === '<' &&
        src[i + 1] === '<' &&
        /<<-?[A-Za-z_]/y.test(src.slice(i, i + 4))
      ) {
        skipHeredoc();
      } else if (
        c === '#' ||
        (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*'))
      ) {
        skipSpaceAndComments(false);
      } else if (c === '(' || c === '[' || c === '{') {
        stack.push(CLOSERS[c]);
        i++;
      } else if (stack.length > 0 && c === stack[stack.length - 1]) {
        stack.pop();
        i++;
      } else if (stack.length === 0 && (c === ')' || c === ']' || c === '}')) {
        return;
      } else {
        i++;
      }
    }
  }

  const readIdent = () => {
    IDENT.lastIndex = i;
    const m = IDENT.exec(src);
    if (!m) return undefined;
    i = IDENT.lastIndex;
    return m[0];
  };

  const readLabel = () => {
    if (src[i] === '"') {
      const start = i;
      skipString();
      return JSON.parse(src.slice(start, i)) as string;
    }
    return readIdent();
  };

  function parseBody(closing: boolean): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      skipSpaceAndComments(true);
      if (i >= src.length) return body;
      if (src[i] === '}') {
        if (closing) i++;
        return body;
      }
      const start = i;
      const name = readIdent();
      if (!name) {
        // not something this outline understands: skip the line
        skipExpression();
        continue;
      }
      const { line, column } = position(start);
      skipSpaceAndComments(false);
      if (src[i] === '=' && src[i + 1] !== '=') {
        i++;
        skipSpaceAndComments(false);
        const exprOffset = i;
        skipExpression('}');
        body.attributes.push({
          name,
          line,
          column,
          exprOffset,
          expr: src.slice(exprOffset, i).trimEnd(),
        });
        continue;
      }
      const labels: string[] = [];
      while (i < src.length && src[i] !== '{' && src[i] !== '\n') {
        const label = readLabel();
        if (label === undefined) break;
        labels.push(label);
        skipSpaceAndComments(false);
      }
      if (src[i] === '{') {
        i++;
        body.blocks.push({
          type: name,
          labels,
          line,
          column,
          body: parseBody(true),
        });
      } else {
        skipExpression();
      }
    }
  }

  return parseBody(false);
}

/** 1-based line and column of an offset. */
export function offsetPosition(src: string, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < src.length; k++) {
    if (src[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
