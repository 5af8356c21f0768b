// Reads a YAML document node by node, collecting located diagnostics instead of throwing.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLSeq } from 'yaml';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.ts';
import { INSTRUMENT_CODES as C, type InstrumentCode } from './messages.ts';

export type YNode = Node | null;

/** A mapping's entries by key, with the key node kept for positions. */
export type Fields = ReadonlyMap<string, { readonly key: Node; readonly value: YNode }>;

export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lines = new LineCounter();
  readonly root: YNode;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: true, strict: true });
    for (const e of doc.errors) {
      const at = e.linePos?.[0];
      this.diagnostics.push({
        code: C.yamlSyntax,
        severity: 'error',
        message: firstLine(e.message),
        ...(at ? { position: { file, line: at.line, column: at.col } } : {}),
        hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once in a mapping' : 'check indentation and quoting on this line',
      });
    }
    this.root = doc.errors.length > 0 ? null : (doc.contents);
  }

  position(node: YNode | undefined, offset = 0): SourcePosition | undefined {
    const start = node?.range?.[0];
    if (start === undefined) return undefined;
    const { line, col } = this.lines.linePos(start + offset);
    return { file: this.file, line, column: col };
  }

  report(
    severity: 'error' | 'warning',
    node: YNode | undefined,
    code: InstrumentCode,
    subject: string | undefined,
    message: string,
    hint?: string,
    offset = 0,
  ): void {
    const position = this.position(node, offset);
    this.diagnostics.push({
      code,
      severity,
      message,
      ...(position ? { position } : {}),
      ...(subject === undefined ? {} : { subject }),
      ...(hint === undefined ? {} : { hint }),
    });
  }

  error(node: YNode | undefined, code: InstrumentCode, subject: string | undefined, message: string, hint?: string): void {
    this.report('error', node, code, subject, message, hint);
  }

  private noAlias(node: YNode, subject: string | undefined): boolean {
    if (node !== null && isAlias(node)) {
      this.error(node, C.yamlAlias, subject, 'YAML aliases (*name) are not allowed in instrument files', 'write the value out in full');
      return false;
    }
    return true;
  }

  /** The mapping's fields; reports keys outside `allowed` (with a suggestion) and missing `required` keys. */
  map(node: YNode, subject: string | undefined, what: string, allowed: readonly string[], required: readonly string[] = []): Fields | undefined {
    if (!this.noAlias(node, subject)) return undefined;
    if (node === null || !isMap(node)) {
      this.error(node, C.wrongType, subject, `${what} must be a mapping (key: value lines)`);
      return undefined;
    }
    const fields = new Map<string, { key: Node; value: YNode }>();
    for (const pair of (node).items as Pair<YNode, YNode>[]) {
      const key = pair.key;
      if (key === null || !isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.error(key ?? node, C.wrongType, subject, `keys of ${what} must be plain words or numbers`);
        continue;
      }
      const name = String(key.value);
      if (!allowed.includes(name) && !allowed.includes('*')) {
        const near = closest(name, allowed);
        this.error(key, C.unknownKey, subject, `unknown key '${name}' in ${what}`, near === undefined ? `allowed keys: ${allowed.join(', ')}` : `did you mean '${near}'?`);
        continue;
      }
      fields.set(name, { key, value: pair.value });
    }
    for (const r of required) {
      if (!fields.has(r)) this.error(node, C.missingKey, subject, `${what} needs '${r}'`);
    }
    return fields;
  }

  seq(node: YNode, subject: string | undefined, what: string): readonly YNode[] | undefined {
    if (!this.noAlias(node, subject)) return undefined;
    if (node === null || !isSeq(node)) {
      this.error(node, C.wrongType, subject, `${what} must be a list (lines starting with '- ')`);
      return undefined;
    }
    return (node as YAMLSeq<YNode>).items;
  }

  string(node: YNode, subject: string | undefined, what: string): string | undefined {
    if (!this.noAlias(node, subject)) return undefined;
    if (node !== null && isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    this.error(node, C.wrongType, subject, `${what} must be text`);
    return undefined;
  }

  integer(node: YNode, subject: string | undefined, what: string): number | undefined {
    if (!this.noAlias(node, subject)) return undefined;
    if (node !== null && isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value)) return node.value;
    this.error(node, C.wrongType, subject, `${what} must be a whole number`);
    return undefined;
  }

  boolean(node: YNode, subject: string | undefined, what: string): boolean | undefined {
    if (!this.noAlias(node, subject)) return undefined;
    if (node !== null && isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.error(node, C.wrongType, subject, `${what} must be true or false`);
    return undefined;
  }

  /** Offset of an expression's text inside its scalar (1 for a quoted scalar), for column-exact errors. */
  scalarTextOffset(node: YNode): number {
    return node !== null && isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') ? 1 : 0;
  }
}

const firstLine = (s: string): string => (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');

/** The allowed word within edit distance 2 of `word`, if any. */
function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
