// The loader's shared readers: texts in every language, choice lists, nets and recodes. Kind modules use them.

import type { LocalizedText, LanguageCode } from '../core/text.ts';
import { INSTRUMENT_CODES as C } from './messages.ts';
import { isReservedCode } from './missing.ts';
import type { Choice, Net, Recode } from './model.ts';
import type { Fields, YamlReader, YNode } from './yaml-reader.ts';

export const NAME = /^[a-z][a-z0-9_]*$/;

export interface LoadContext {
  readonly r: YamlReader;
  readonly languages: readonly [LanguageCode, ...LanguageCode[]] | undefined;
  readonly lists: Map<string, readonly Choice[]>;
}

export function str(r: YamlReader, fields: Fields, key: string, subject: string): string | undefined {
  const f = fields.get(key);
  return f === undefined ? undefined : r.string(f.value, subject, `'${key}'`);
}

/** A text in every declared language: a mapping { ru: …, en: … }, or read from the language keys of `fields`. */
export function readText(ctx: LoadContext, node: YNode | undefined, subject: string, what: string): LocalizedText | undefined {
  if (node === undefined) return undefined;
  const fields = ctx.r.map(node, subject, what, ['*']);
  return fields === undefined ? undefined : textFromFields(ctx, fields, node, subject, what);
}

export function textFromFields(ctx: LoadContext, fields: Fields, node: YNode, subject: string, what: string, ignore: readonly string[] = []): LocalizedText | undefined {
  const { r, languages } = ctx;
  if (languages === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, f] of fields) {
    if (ignore.includes(key)) continue;
    if (!languages.includes(key)) {
      r.report('warning', f.key, C.unknownLanguage, subject, `${what} has text in '${key}', which is not a declared language`, `declared: ${languages.join(', ')}`);
      continue;
    }
    const s = r.string(f.value, subject, `${what} in '${key}'`);
    if (s !== undefined && s.trim() !== '') out[key] = s;
  }
  const missing = languages.filter((l) => out[l] === undefined);
  if (missing.length > 0) {
    r.error(node, C.missingLabel, subject, `${what} has no text in ${missing.map((l) => `'${l}'`).join(', ')}`, 'every declared language needs a text');
    return undefined;
  }
  return out;
}

export function readChoices(ctx: LoadContext, node: YNode, subject: string): readonly Choice[] | undefined {
  const items = ctx.r.seq(node, subject, 'the choices');
  if (items === undefined) return undefined;
  const choices: Choice[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const f = ctx.r.map(item, subject, 'a choice', ['code', ...(ctx.languages ?? [])], ['code']);
    if (f === undefined) continue;
    const codeNode = f.get('code')?.value ?? null;
    const code = f.has('code') ? ctx.r.integer(codeNode, subject, 'a choice code') : undefined;
    const label = textFromFields(ctx, f, item, subject, code === undefined ? 'a choice' : `choice ${code}`, ['code']);
    if (code === undefined) continue;
    if (isReservedCode(code)) ctx.r.error(codeNode, C.reservedCode, subject, `code ${code} is reserved for a missing value`, 'use codes 0 and above');
    else if (code < 0) ctx.r.error(codeNode, C.badCode, subject, `code ${code} is negative`, 'use codes 0 and above');
    else if (seen.has(code)) ctx.r.error(codeNode, C.duplicateCode, subject, `code ${code} is used twice`, 'codes must be unique within a list');
    seen.add(code);
    if (label !== undefined) choices.push({ code, label });
  }
  return choices;
}

/** `choices: list_name` or an inline list. */
export function choicesRef(ctx: LoadContext, fields: Fields, subject: string, key: string): readonly Choice[] | undefined {
  const entry = fields.get(key);
  if (entry === undefined) return undefined; // reported as a missing key already
  const node = entry.value;
  if (node === null) {
    ctx.r.error(entry.key, C.missingKey, subject, `'${key}' is empty`);
    return undefined;
  }
  if ('value' in node && typeof node.value === 'string') {
    const list = ctx.lists.get(node.value);
    if (list === undefined) {
      ctx.r.error(node, C.unknownChoiceList, subject, `choice list '${node.value}' does not exist`, ctx.lists.size > 0 ? `known lists: ${[...ctx.lists.keys()].join(', ')}` : 'declare it under choice_lists');
    }
    return list;
  }
  return readChoices(ctx, node, subject);
}

export function readNets(ctx: LoadContext, node: YNode | undefined, subject: string, choices: readonly Choice[]): readonly Net[] {
  if (node === undefined) return [];
  const nets: Net[] = [];
  for (const n of ctx.r.seq(node, subject, "'nets'") ?? []) {
    const f = ctx.r.map(n, subject, 'a net', ['name', 'codes', ...(ctx.languages ?? [])], ['name', 'codes']);
    if (f === undefined) continue;
    const name = str(ctx.r, f, 'name', subject) ?? '';
    const codes: number[] = [];
    for (const c of ctx.r.seq(f.get('codes')?.value ?? null, subject, "the net's codes") ?? []) {
      const code = ctx.r.integer(c, subject, 'a net code');
      if (code !== undefined && !choices.some((ch) => ch.code === code)) ctx.r.error(c, C.badNet, subject, `net '${name}' uses code ${code}, which is not a choice`);
      else if (code !== undefined) codes.push(code);
    }
    const label = textFromFields(ctx, f, n, subject, `net '${name}'`, ['name', 'codes']);
    if (label !== undefined) nets.push({ name, label, codes });
  }
  return nets;
}

/** Recodes: each coarse code lists the fine codes (or, for integers, [lo, hi] ranges) it covers. */
export function readRecodes(ctx: LoadContext, node: YNode | undefined, subject: string, fine: readonly Choice[] | undefined, range?: { min: number; max: number }): readonly Recode[] {
  if (node === undefined) return [];
  const { r } = ctx;
  const recodes: Recode[] = [];
  for (const rn of r.seq(node, subject, "'recodes'") ?? []) {
    const f = r.map(rn, subject, 'a recode', ['name', 'choices', 'map'], ['name', 'choices', 'map']);
    if (f === undefined) continue;
    const name = str(r, f, 'name', subject) ?? '';
    const where = `recode '${name}'`;
    const choices = readChoices(ctx, f.get('choices')?.value ?? null, `${subject} ${where}`) ?? [];
    const mapFields = r.map(f.get('map')?.value ?? null, subject, `the map of ${where}`, ['*']);
    const map = new Map<number, number>();
    const problems: string[] = [];
    for (const [coarseText, entry] of mapFields ?? []) {
      const coarse = Number(coarseText);
      if (!choices.some((c) => c.code === coarse)) {
        r.error(entry.key, C.badRecode, subject, `${where} maps to code ${coarseText}, which is not among its choices`);
        continue;
      }
      for (const v of r.seq(entry.value, subject, `the codes of ${coarseText} in ${where}`) ?? []) {
        const span = range === undefined ? [r.integer(v, subject, 'a code')] : rangeOf(r, v, subject);
        const [lo, hi = lo] = span;
        if (lo === undefined || hi === undefined) continue;
        for (let code = lo; code <= hi; code++) {
          if (map.has(code)) problems.push(`${code} is mapped twice`);
          map.set(code, coarse);
        }
      }
    }
    const expected = range === undefined ? (fine ?? []).map((c) => c.code) : Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
    const uncovered = expected.filter((c) => !map.has(c));
    const extra = [...map.keys()].filter((c) => !expected.includes(c));
    if (uncovered.length > 0) problems.push(`${describeCodes(uncovered)} not covered`);
    if (extra.length > 0) problems.push(`${describeCodes(extra)} not ${range === undefined ? 'among the choices' : 'in the range'}`);
    if (problems.length > 0) r.error(rn, C.badRecode, subject, `${where}: ${problems.join('; ')}`, 'every original code must map to exactly one coarse code');
    recodes.push({ name, choices, map });
  }
  return recodes;
}

function rangeOf(r: YamlReader, node: YNode, subject: string): (number | undefined)[] {
  const pair = r.seq(node, subject, 'a range [lo, hi]');
  if (pair?.length !== 2) return [undefined];
  return pair.map((p) => r.integer(p, subject, 'a range bound'));
}

function describeCodes(codes: readonly number[]): string {
  const shown = codes.slice(0, 5).join(', ');
  return codes.length > 5 ? `codes ${shown}, … (${codes.length} in all)` : `code${codes.length > 1 ? 's' : ''} ${shown}`;
}

/** A true/false key of an item, or its default. */
export function readFlag(ctx: LoadContext, fields: Fields, key: string, subject: string, dflt: boolean): boolean {
  const e = fields.get(key);
  return e === undefined ? dflt : (ctx.r.boolean(e.value, subject, `'${key}'`) ?? dflt);
}

/** A whole-number key of an item, or undefined when absent or wrong (reported). */
export function readInteger(ctx: LoadContext, fields: Fields, key: string, subject: string): number | undefined {
  const e = fields.get(key);
  return e === undefined ? undefined : ctx.r.integer(e.value, subject, `'${key}'`);
}

/** A numeric item's `min` and `max`: in order, and clear of the reserved missing codes −99…−96 (an answer there would read as missing). */
export function checkNumericRange(ctx: LoadContext, fields: Fields, subject: string, min: number, max: number): void {
  const at = fields.get('min')?.value;
  if (min > max) ctx.r.error(at, C.badRange, subject, `min ${min} is greater than max ${max}`);
  if (isReservedCode(min) || isReservedCode(max) || (min <= -96 && max >= -99)) ctx.r.error(at, C.reservedCode, subject, 'the range overlaps the reserved missing codes −99…−96');
}
