// XLSForm expressions (relevant, constraint) in portas' expression language: names renamed, choice names turned into codes.

import { err, ok, type Result } from '../../core/result.ts';
import { selfToReference } from '../constraint.ts';
import { parseExpression, type Expr } from '../expression.ts';

/** What an expression may refer to: an imported item, by its XLSForm name. */
export interface ExprTarget {
  readonly name: string;
  /** Choice name → code (or a reserved missing code) for choice items; undefined for other kinds. */
  readonly codes?: ReadonlyMap<string, number>;
}

/** Resolves an XLSForm name to an imported item, or says why it cannot be used. */
export type ExprLookup = (xlsName: string) => ExprTarget | string;

/**
 * The expression in portas' language, or the reason it cannot be carried over. `self` is the item's
 * own XLSForm name for constraints (`.`).
 */
export function translateExpression(source: string, lookup: ExprLookup, self?: string): Result<{ readonly source: string; readonly refs: readonly string[] }, string> {
  const targets = new Map<string, ExprTarget>();
  let problem: string | undefined;
  const withSelf = self === undefined ? source : selfToReference(source, self);
  const renamed = withSelf.replace(/\$\{([^}]+)\}/g, (_, xls: string) => {
    const target = lookup(xls.trim());
    if (typeof target === 'string') {
      problem ??= target;
      return '${unknown}';
    }
    targets.set(target.name, target);
    return `\${${target.name}}`;
  });
  if (problem !== undefined) return err(problem);
  const parsed = parseExpression(renamed.replace(/\s+/g, ' ').trim());
  if (!parsed.ok) return err(`${parsed.error.message} — portas knows =, !=, <, <=, >, >=, and, or, not(), selected(), count-selected()`);
  const coded = toCodes(parsed.value, targets);
  if (!coded.ok) return coded;
  return ok({ source: printExpression(coded.value), refs: [...targets.keys()] });
}

function codeOf(target: ExprTarget | undefined, value: Expr): Result<Expr, string> {
  if (target?.codes === undefined || value.type !== 'string' || value.value === '') return ok(value);
  const code = target.codes.get(value.value);
  return code === undefined ? err(`'${value.value}' is not a choice of '${target.name}'`) : ok({ type: 'number', value: code });
}

function toCodes(expr: Expr, targets: ReadonlyMap<string, ExprTarget>): Result<Expr, string> {
  const target = (e: Expr): ExprTarget | undefined => (e.type === 'ref' ? targets.get(e.name) : undefined);
  switch (expr.type) {
    case 'ref':
    case 'number':
    case 'string':
      return ok(expr);
    case 'not': {
      const operand = toCodes(expr.operand, targets);
      return operand.ok ? ok({ ...expr, operand: operand.value }) : operand;
    }
    case 'selected': {
      const code = codeOf(target(expr.ref), expr.code);
      return code.ok ? ok({ ...expr, code: code.value.type === 'number' ? { type: 'string', value: String(code.value.value) } : code.value }) : code;
    }
    case 'count-selected':
      return ok(expr);
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        const left = toCodes(expr.left, targets);
        const right = toCodes(expr.right, targets);
        if (!left.ok) return left;
        return right.ok ? ok({ ...expr, left: left.value, right: right.value }) : right;
      }
      const left = codeOf(target(expr.right), expr.left);
      const right = codeOf(target(expr.left), expr.right);
      if (!left.ok) return left;
      return right.ok ? ok({ ...expr, left: left.value, right: right.value }) : right;
    }
  }
}

/** Source text for an expression, with parentheses only where `and` and `or` mix. */
export function printExpression(expr: Expr): string {
  switch (expr.type) {
    case 'ref':
      return `\${${expr.name}}`;
    case 'number':
      return String(expr.value);
    case 'string':
      return expr.value.includes("'") ? `"${expr.value}"` : `'${expr.value}'`;
    case 'not':
      return `not(${printExpression(expr.operand)})`;
    case 'selected':
      return `selected(${printExpression(expr.ref)}, ${printExpression(expr.code)})`;
    case 'count-selected':
      return `count-selected(${printExpression(expr.ref)})`;
    case 'binary': {
      const side = (e: Expr): string => {
        const inner = printExpression(e);
        if (e.type !== 'binary') return inner;
        const logical = (op: string): boolean => op === 'and' || op === 'or';
        const needs = logical(expr.op) ? logical(e.op) && e.op !== expr.op : true;
        return needs ? `(${inner})` : inner;
      };
      return `${side(expr.left)} ${expr.op} ${side(expr.right)}`;
    }
  }
}
