// Constraints: a check of an item's own answer, with a message per language, evaluated on the server.

import type { LocalizedText } from '../core/text.ts';
import { evaluate, parseExpression, referencesOf } from './expression.ts';
import { readText, type LoadContext } from './load-parts.ts';
import { INSTRUMENT_CODES as C } from './messages.ts';
import type { Answer, Constraint, Item } from './model.ts';
import { expressionValue } from './relevance.ts';
import type { YNode } from './yaml-reader.ts';

/** XLSForm's `.` (the item's own value) as a reference the expression language knows. */
export const selfToReference = (source: string, name: string): string => source.replace(/(?<![0-9A-Za-z_}.])\.(?![0-9.])/g, `\${${name}}`);

/** `constraint: { check: ". >= 1990", message: { ru: …, en: … } }`. */
export function readConstraint(ctx: LoadContext, node: YNode | undefined, subject: string, name: string): Constraint | undefined {
  if (node === undefined) return undefined;
  const f = ctx.r.map(node, subject, "'constraint'", ['check', 'message'], ['check', 'message']);
  if (f === undefined) return undefined;
  const checkNode = f.get('check')?.value ?? null;
  const source = ctx.r.string(checkNode, subject, 'the constraint check');
  const message = readText(ctx, f.get('message')?.value, subject, 'the constraint message');
  if (source === undefined || message === undefined) return undefined;
  const parsed = parseExpression(selfToReference(source, name));
  if (!parsed.ok) {
    ctx.r.error(checkNode, C.badExpression, subject, `constraint: ${parsed.error.message}`, "write it like '. >= 18 and . <= 99', where '.' is this item's answer");
    return undefined;
  }
  const others = referencesOf(parsed.value).filter((ref) => ref.name !== name);
  if (others.length > 0) {
    ctx.r.error(checkNode, C.badConstraint, subject, `the constraint refers to '${others[0]?.name ?? ''}'; a constraint may check only this item's own answer ('.')`, 'compare with earlier answers in a relevance condition on a follow-up item instead');
    return undefined;
  }
  return { source, expr: parsed.value, message };
}

/** The constraint's message when `answer` breaks it; chosen "don't know"/"refused" are never checked. */
export function brokenConstraint(item: Item, answer: Answer): LocalizedText | undefined {
  const c = item.constraint;
  if (c === undefined || answer.kind === 'missing') return undefined;
  return evaluate(c.expr, (name) => (name === item.name ? expressionValue(answer) : null)) ? undefined : c.message;
}
