// Relevance expressions: the XLSForm subset, parsed into an AST and evaluated without eval.

import { err, ok, type Result } from '../core/result.ts';

export type BinaryOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | { readonly type: 'ref'; readonly name: string; readonly column: number }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'not'; readonly operand: Expr }
  | { readonly type: 'selected'; readonly ref: Expr; readonly code: Expr; readonly column: number }
  | { readonly type: 'count-selected'; readonly ref: Expr; readonly column: number };

/** A parse failure at a 1-based column of the expression text. */
export interface ExprError {
  readonly message: string;
  readonly column: number;
}

type Token =
  | { readonly kind: 'ref'; readonly name: string; readonly column: number }
  | { readonly kind: 'number'; readonly value: number; readonly column: number }
  | { readonly kind: 'string'; readonly value: string; readonly column: number }
  | { readonly kind: 'op'; readonly op: string; readonly column: number }
  | { readonly kind: 'word'; readonly word: string; readonly column: number }
  | { readonly kind: 'end'; readonly column: number };

class ParseFailure extends Error {
  constructor(
    readonly detail: ExprError,
  ) {
    super(detail.message);
  }
}

const fail = (message: string, column: number): never => {
  throw new ParseFailure({ message, column });
};

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    const column = i + 1;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '$') {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(src.slice(i));
      if (m === null) fail("expected a reference like ${name}", column);
      else {
        tokens.push({ kind: 'ref', name: m[1] ?? '', column });
        i += m[0].length;
      }
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)/.exec(src.slice(i));
      if (m === null) fail(`unexpected '${c}'`, column);
      else {
        tokens.push({ kind: 'number', value: Number(m[0]), column });
        i += m[0].length;
      }
    } else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) fail('string is not closed', column);
      tokens.push({ kind: 'string', value: src.slice(i + 1, end), column });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      const m = /^[A-Za-z][A-Za-z-]*/.exec(src.slice(i));
      const word = m?.[0] ?? c;
      tokens.push({ kind: 'word', word, column });
      i += word.length;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', op: two, column });
        i += 2;
      } else if ('=<>(),-'.includes(c)) {
        tokens.push({ kind: 'op', op: c, column });
        i += 1;
      } else {
        fail(`unexpected '${c}'`, column);
      }
    }
  }
  tokens.push({ kind: 'end', column: src.length + 1 });
  return tokens;
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Recursive descent: or → and → comparison → primary. */
class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'end', column: 0 };
  }
  private take(): Token {
    const t = this.peek();
    this.pos += 1;
    return t;
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.word === word;
  }
  private expectOp(op: string, after: string): void {
    const t = this.take();
    if (!(t.kind === 'op' && t.op === op)) fail(`expected '${op}' ${after}, found ${describe(t)}`, t.column);
  }

  parseAll(): Expr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') fail(`unexpected ${describe(t)}`, t.column);
    return e;
  }
  private parseOr(): Expr {
    return this.parseChain('or', () => this.parseAnd());
  }
  private parseAnd(): Expr {
    return this.parseChain('and', () => this.parseComparison());
  }
  /** `a word b word c …`, left-associative: `or` and `and` differ only in what binds tighter. */
  private parseChain(word: 'or' | 'and', operand: () => Expr): Expr {
    let left = operand();
    while (this.isWord(word)) {
      this.take();
      left = { type: 'binary', op: word, left, right: operand() };
    }
    return left;
  }
  private parseComparison(): Expr {
    const left = this.parsePrimary();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.op)) {
      this.take();
      const right = this.parsePrimary();
      const next = this.peek();
      if (next.kind === 'op' && COMPARISONS.has(next.op)) fail('comparisons cannot be chained; join them with and/or', next.column);
      return { type: 'binary', op: t.op as BinaryOp, left, right };
    }
    return left;
  }
  private parsePrimary(): Expr {
    const t = this.take();
    switch (t.kind) {
      case 'ref':
        return { type: 'ref', name: t.name, column: t.column };
      case 'number':
        return { type: 'number', value: t.value };
      case 'string':
        return { type: 'string', value: t.value };
      case 'op':
        if (t.op === '(') {
          const inner = this.parseOr();
          this.expectOp(')', 'to close the parenthesis');
          return inner;
        }
        if (t.op === '-') {
          const n = this.take();
          if (n.kind !== 'number') fail("'-' must be followed by a number", n.column);
          return { type: 'number', value: -(n as { value: number }).value };
        }
        return fail(`unexpected ${describe(t)}`, t.column);
      case 'word':
        return this.parseCall(t.word, t.column);
      case 'end':
        return fail('expression ends too early', t.column);
    }
  }
  private parseCall(word: string, column: number): Expr {
    if (word !== 'not' && word !== 'selected' && word !== 'count-selected') {
      const known = word === 'and' || word === 'or' ? `'${word}' needs something on its left` : `unknown word '${word}'`;
      fail(`${known} (known: and, or, not(), selected(), count-selected())`, column);
    }
    this.expectOp('(', `after '${word}'`);
    if (word === 'not') {
      const operand = this.parseOr();
      this.expectOp(')', "to close 'not('");
      return { type: 'not', operand };
    }
    const ref = this.parsePrimary();
    if (ref.type !== 'ref') fail(`the first argument of ${word}() must be a reference like \${name}`, column);
    if (word === 'count-selected') {
      this.expectOp(')', "to close 'count-selected('");
      return { type: 'count-selected', ref, column };
    }
    this.expectOp(',', "between the arguments of 'selected('");
    const code = this.parsePrimary();
    if (code.type !== 'string' && code.type !== 'number') fail("the second argument of selected() must be a code such as '2'", column);
    this.expectOp(')', "to close 'selected('");
    return { type: 'selected', ref, code, column };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end';
    case 'op':
      return `'${t.op}'`;
    case 'word':
      return `'${t.word}'`;
    case 'ref':
      return `\${${t.name}}`;
    case 'number':
      return `number ${t.value}`;
    case 'string':
      return `string '${t.value}'`;
  }
}

export function parseExpression(source: string): Result<Expr, ExprError> {
  try {
    return ok(new Parser(tokenize(source)).parseAll());
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.detail);
    throw e;
  }
}

/** One reference in an expression: the name, its column, and how it is used (as a value, in selected(), in count-selected()). */
export interface ExprUse {
  readonly name: string;
  readonly column: number;
  readonly how: 'value' | 'selected' | 'count';
}

/** Every reference in an expression and how it is used; the loader checks the use against the item's kind. */
export function usesOf(expr: Expr): ExprUse[] {
  switch (expr.type) {
    case 'ref':
      return [{ name: expr.name, column: expr.column, how: 'value' }];
    case 'number':
    case 'string':
      return [];
    case 'binary':
      return [...usesOf(expr.left), ...usesOf(expr.right)];
    case 'not':
      return usesOf(expr.operand);
    case 'selected':
      return [...(expr.ref.type === 'ref' ? [{ name: expr.ref.name, column: expr.ref.column, how: 'selected' as const }] : usesOf(expr.ref)), ...usesOf(expr.code)];
    case 'count-selected':
      return expr.ref.type === 'ref' ? [{ name: expr.ref.name, column: expr.ref.column, how: 'count' }] : usesOf(expr.ref);
  }
}

/** The names an expression refers to, with their columns. */
export const referencesOf = (expr: Expr): { name: string; column: number }[] => usesOf(expr).map(({ name, column }) => ({ name, column }));

/** What an item contributes to an expression: a code or number, text, a set of codes, or nothing. */
export type ExprValue = number | string | readonly number[] | null;

type Evaluated = ExprValue | boolean;

const asNumber = (v: Evaluated): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v.trim() === '' ? Number.NaN : Number(v);
  return Number.NaN;
};

const truthy = (v: Evaluated): boolean => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v !== '';
  return v !== null && v.length > 0;
};

const asString = (v: Evaluated): string => {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.join(' ');
};

function equal(a: Evaluated, b: Evaluated): boolean {
  const an = asNumber(a);
  const bn = asNumber(b);
  if (!Number.isNaN(an) && !Number.isNaN(bn)) return an === bn;
  return asString(a) === asString(b);
}

/** Evaluates to a boolean; `lookup` gives the current value of an item (null when unanswered). */
export function evaluate(expr: Expr, lookup: (name: string) => ExprValue): boolean {
  return truthy(evalNode(expr, lookup));
}

function evalNode(expr: Expr, lookup: (name: string) => ExprValue): Evaluated {
  switch (expr.type) {
    case 'ref':
      return lookup(expr.name);
    case 'number':
    case 'string':
      return expr.value;
    case 'not':
      return !truthy(evalNode(expr.operand, lookup));
    case 'selected': {
      const v = evalNode(expr.ref, lookup);
      const code = asNumber(evalNode(expr.code, lookup));
      if (Array.isArray(v)) return v.includes(code);
      return typeof v === 'number' && v === code;
    }
    case 'count-selected': {
      const v = evalNode(expr.ref, lookup);
      if (Array.isArray(v)) return v.length;
      return v === null ? 0 : 1;
    }
    case 'binary': {
      if (expr.op === 'and') return truthy(evalNode(expr.left, lookup)) && truthy(evalNode(expr.right, lookup));
      if (expr.op === 'or') return truthy(evalNode(expr.left, lookup)) || truthy(evalNode(expr.right, lookup));
      const l = evalNode(expr.left, lookup);
      const r = evalNode(expr.right, lookup);
      if (expr.op === '=') return equal(l, r);
      if (expr.op === '!=') return !equal(l, r);
      const ln = asNumber(l);
      const rn = asNumber(r);
      // Two texts that are not numbers compare as text: ISO dates ('2024-03' < '2024-11') order correctly.
      if (typeof l === 'string' && typeof r === 'string' && (Number.isNaN(ln) || Number.isNaN(rn))) return compareOrdered(expr.op, l, r);
      if (Number.isNaN(ln) || Number.isNaN(rn)) return false;
      return compareOrdered(expr.op, ln, rn);
    }
  }
}

/** An ordering operator on two numbers, or on two texts (compared as text, which orders ISO dates). */
function compareOrdered<T extends number | string>(op: '<' | '<=' | '>' | '>=', a: T, b: T): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}
