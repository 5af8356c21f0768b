// Loads instrument.yaml into the questionnaire model, reporting every problem with file:line:col.

import type { Diagnostic } from '../core/diagnostic.ts';
import { hasErrors } from '../core/diagnostic.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import { parseExpression } from './expression.ts';
import { INSTRUMENT_CODES as C } from './messages.ts';
import { isReservedCode, type ChosenMissing } from './missing.ts';
import type { Choice, Instrument, Item, ItemKind, Net, Recode, Relevance, Section, StudyAbout } from './model.ts';
import { checkReferences } from './references.ts';
import { YamlReader, type Fields, type YNode } from './yaml-reader.ts';

export interface LoadResult {
  /** Present when there are no errors (warnings may remain). */
  readonly instrument?: Instrument;
  readonly diagnostics: readonly Diagnostic[];
}

const NAME = /^[a-z][a-z0-9_]*$/;
const MAX_ITEM_NAME = 24;
const STUDY_ID = /^[a-z][a-z0-9-]*$/;
const ITEM_KINDS: readonly ItemKind[] = ['single', 'multiple', 'battery', 'integer', 'text', 'long_text', 'note'];
const REQUIRED_BY_KIND: Readonly<Record<ItemKind, readonly string[]>> = {
  single: ['choices'],
  multiple: ['choices'],
  battery: ['scale', 'rows'],
  integer: ['min', 'max'],
  text: [],
  long_text: [],
  note: [],
};
const COMMON_ITEM_KEYS = ['name', 'type', 'label', 'hint', 'relevance', 'quasi_identifier', 'sensitive', 'opinion', 'dont_know', 'refused'];
const KEYS_BY_KIND: Readonly<Record<ItemKind, readonly string[]>> = {
  single: ['choices', 'ordered', 'nets', 'recodes'],
  multiple: ['choices', 'exclusive'],
  battery: ['scale', 'rows', 'nets'],
  integer: ['min', 'max', 'recodes'],
  text: ['max_length'],
  long_text: ['max_length'],
  note: [],
};

/** Parses and validates; `file` is used only to name positions in messages. */
export function loadInstrumentYaml(text: string, file: string): LoadResult {
  const r = new YamlReader(file, text);
  if (r.root === null) return { diagnostics: r.diagnostics };
  const top = r.map(r.root, undefined, 'the instrument', ['study', 'version', 'languages', 'title', 'texts', 'about', 'choice_lists', 'sections'], ['study', 'version', 'languages', 'title', 'texts', 'sections']);
  if (top === undefined) return { diagnostics: r.diagnostics };

  const study = str(r, top, 'study', 'study');
  if (study !== undefined && !STUDY_ID.test(study)) r.error(top.get('study')?.value, C.badName, 'study', `study id '${study}' must be lowercase letters, digits and '-', starting with a letter`);
  const version = str(r, top, 'version', 'version');
  const languages = readLanguages(r, top.get('languages')?.value ?? null);
  const ctx: Ctx = { r, languages, lists: new Map() };
  const title = text_(ctx, top.get('title')?.value, 'title', 'the title');
  const texts = readTexts(ctx, top.get('texts')?.value ?? null);
  const about = readAbout(ctx, top.get('about')?.value);
  readChoiceLists(ctx, top.get('choice_lists')?.value);
  const seenNames = new Set<string>();
  const sections = readSections(ctx, top.get('sections')?.value ?? null, seenNames);
  // References are checked even when other errors exist, so that one run reports everything;
  // names of items that failed to load are known, so they cause no second, spurious error.
  const diagnostics = [...r.diagnostics, ...checkReferences(sections, seenNames)];
  if (hasErrors(diagnostics) || study === undefined || version === undefined || languages === undefined || title === undefined || texts === undefined) {
    return { diagnostics };
  }
  return { instrument: { study, version, title, languages, texts, ...(about === undefined ? {} : { about }), sections }, diagnostics };
}

interface Ctx {
  readonly r: YamlReader;
  readonly languages: readonly [LanguageCode, ...LanguageCode[]] | undefined;
  readonly lists: Map<string, readonly Choice[]>;
}

function str(r: YamlReader, fields: Fields, key: string, subject: string): string | undefined {
  const f = fields.get(key);
  return f === undefined ? undefined : r.string(f.value, subject, `'${key}'`);
}

function readLanguages(r: YamlReader, node: YNode): readonly [LanguageCode, ...LanguageCode[]] | undefined {
  const items = r.seq(node, 'languages', "'languages'");
  if (items === undefined) return undefined;
  const codes: LanguageCode[] = [];
  for (const item of items) {
    const code = r.string(item, 'languages', 'a language code');
    if (code === undefined) continue;
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(code)) r.error(item, C.badName, 'languages', `'${code}' is not a language code like 'ru' or 'en'`);
    else if (codes.includes(code)) r.error(item, C.duplicateName, 'languages', `language '${code}' is listed twice`);
    else codes.push(code);
  }
  const [first, ...rest] = codes;
  if (first === undefined) {
    r.error(node, C.missingKey, 'languages', 'at least one language is needed; the first is the default');
    return undefined;
  }
  return [first, ...rest];
}

/** A text in every declared language: a mapping { ru: …, en: … }, or read from the language keys of `fields`. */
function text_(ctx: Ctx, node: YNode | undefined, subject: string, what: string): LocalizedText | undefined {
  if (node === undefined) return undefined;
  const fields = ctx.r.map(node, subject, what, ['*']);
  return fields === undefined ? undefined : textFromFields(ctx, fields, node, subject, what);
}

function textFromFields(ctx: Ctx, fields: Fields, node: YNode, subject: string, what: string, ignore: readonly string[] = []): LocalizedText | undefined {
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

function readTexts(ctx: Ctx, node: YNode): Instrument['texts'] | undefined {
  const f = ctx.r.map(node, 'texts', "'texts'", ['intro', 'skip_reminder', 'stop_reminder', 'thanks'], ['intro', 'skip_reminder', 'stop_reminder', 'thanks']);
  if (f === undefined) return undefined;
  const intro = text_(ctx, f.get('intro')?.value, 'texts', 'the intro');
  const skipReminder = text_(ctx, f.get('skip_reminder')?.value, 'texts', 'the skip reminder');
  const stopReminder = text_(ctx, f.get('stop_reminder')?.value, 'texts', 'the stop reminder');
  const thanks = text_(ctx, f.get('thanks')?.value, 'texts', 'the thank-you text');
  if (intro === undefined || skipReminder === undefined || stopReminder === undefined || thanks === undefined) return undefined;
  return { intro, skipReminder, stopReminder, thanks };
}

/** `about:` organisation (a text per language), contact and an optional ethics reference (plain strings). */
function readAbout(ctx: Ctx, node: YNode | undefined): StudyAbout | undefined {
  if (node === undefined) return undefined;
  const f = ctx.r.map(node, 'about', "'about'", ['organisation', 'contact', 'ethics'], ['organisation', 'contact']);
  if (f === undefined) return undefined;
  const organisation = text_(ctx, f.get('organisation')?.value, 'about', 'the organisation');
  const contact = str(ctx.r, f, 'contact', 'about');
  const ethics = str(ctx.r, f, 'ethics', 'about');
  if (organisation === undefined || contact === undefined) return undefined;
  return { organisation, contact, ...(ethics === undefined ? {} : { ethics }) };
}

function readChoiceLists(ctx: Ctx, node: YNode | undefined): void {
  if (node === undefined) return;
  const f = ctx.r.map(node, 'choice_lists', "'choice_lists'", ['*']);
  if (f === undefined) return;
  for (const [name, entry] of f) {
    if (!NAME.test(name)) ctx.r.error(entry.key, C.badName, `choice list '${name}'`, 'list names use lowercase letters, digits and _');
    const choices = readChoices(ctx, entry.value, `choice list '${name}'`);
    if (choices !== undefined) ctx.lists.set(name, choices);
  }
}

function readChoices(ctx: Ctx, node: YNode, subject: string): readonly Choice[] | undefined {
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
function choicesRef(ctx: Ctx, fields: Fields, subject: string, key: string): readonly Choice[] | undefined {
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

function readSections(ctx: Ctx, node: YNode, itemNames: Set<string>): readonly Section[] {
  const items = ctx.r.seq(node, 'sections', "'sections'") ?? [];
  if (items.length === 0) ctx.r.error(node, C.emptyInstrument, 'sections', 'the instrument has no sections');
  const sections: Section[] = [];
  const sectionNames = new Set<string>();
  for (const sNode of items) {
    const f = ctx.r.map(sNode, undefined, 'a section', ['name', 'title', 'relevance', 'items'], ['name', 'title', 'items']);
    if (f === undefined) continue;
    const name = str(ctx.r, f, 'name', 'section') ?? '';
    const subject = `section '${name}'`;
    if (name !== '' && !NAME.test(name)) ctx.r.error(f.get('name')?.value, C.badName, subject, 'section names use lowercase letters, digits and _, starting with a letter');
    if (sectionNames.has(name)) ctx.r.error(f.get('name')?.value, C.duplicateName, subject, `section name '${name}' is used twice`);
    sectionNames.add(name);
    const title = text_(ctx, f.get('title')?.value, subject, 'the title');
    const relevance = readRelevance(ctx, f.get('relevance')?.value, subject);
    const sectionItems: Item[] = [];
    for (const iNode of ctx.r.seq(f.get('items')?.value ?? null, subject, "the section's items") ?? []) {
      const item = readItem(ctx, iNode, itemNames);
      if (item !== undefined) sectionItems.push(item);
    }
    if (title !== undefined) sections.push({ name, title, ...(relevance ? { relevance } : {}), items: sectionItems });
  }
  return sections;
}

function readRelevance(ctx: Ctx, node: YNode | undefined, subject: string): Relevance | undefined {
  if (node === undefined) return undefined;
  const source = ctx.r.string(node, subject, 'relevance');
  if (source === undefined) return undefined;
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    const offset = ctx.r.scalarTextOffset(node) + parsed.error.column - 1;
    ctx.r.report('error', node, C.badExpression, subject, `relevance: ${parsed.error.message} (column ${parsed.error.column} of the expression)`, 'see docs/instrument-format.md, "Relevance expressions"', offset);
    return undefined;
  }
  const position = ctx.r.position(node, ctx.r.scalarTextOffset(node));
  return { source, expr: parsed.value, ...(position ? { position } : {}) };
}

function readItem(ctx: Ctx, node: YNode, itemNames: Set<string>): Item | undefined {
  const { r } = ctx;
  const pre = r.map(node, undefined, 'an item', ['*'], ['name', 'type', 'label']);
  if (pre === undefined) return undefined;
  const name = str(r, pre, 'name', 'item') ?? '';
  const subject = `item '${name}'`;
  const kindText = str(r, pre, 'type', subject);
  const kind = ITEM_KINDS.find((k) => k === kindText);
  if (kindText !== undefined && kind === undefined) r.error(pre.get('type')?.value, C.wrongType, subject, `unknown type '${kindText}'`, `types: ${ITEM_KINDS.join(', ')}`);
  if (kind === undefined) return undefined;
  const f = r.map(node, subject, 'the item', [...COMMON_ITEM_KEYS, ...KEYS_BY_KIND[kind]], ['name', 'type', 'label', ...REQUIRED_BY_KIND[kind]]);
  if (f === undefined) return undefined;
  const nameNode = f.get('name')?.value;
  if (name !== '' && (!NAME.test(name) || name.length > MAX_ITEM_NAME)) {
    r.error(nameNode, C.badName, subject, `item names use lowercase letters, digits and _, start with a letter, and have at most ${MAX_ITEM_NAME} characters`, 'exports need short, plain variable names');
  }
  if (itemNames.has(name)) r.error(nameNode, C.duplicateName, subject, `item name '${name}' is used twice`, 'item names must be unique in the instrument');
  itemNames.add(name);

  const label = text_(ctx, f.get('label')?.value, subject, 'the label');
  const hint = text_(ctx, f.get('hint')?.value, subject, 'the hint');
  const relevance = readRelevance(ctx, f.get('relevance')?.value, subject);
  const flag = (key: string, dflt: boolean): boolean => {
    const e = f.get(key);
    return e === undefined ? dflt : (r.boolean(e.value, subject, `'${key}'`) ?? dflt);
  };
  const opinion = flag('opinion', false);
  const offers = new Set<ChosenMissing>();
  if (kind !== 'note') {
    if (flag('dont_know', opinion)) offers.add('dont_know');
    if (flag('refused', opinion)) offers.add('refused');
  }
  const position = r.position(node);
  const base = {
    name,
    label: label ?? {},
    ...(hint ? { hint } : {}),
    ...(relevance ? { relevance } : {}),
    flags: { quasiIdentifier: flag('quasi_identifier', false), sensitive: flag('sensitive', false) },
    offers,
    ...(position ? { position } : {}),
  };
  if (label === undefined) return undefined;

  switch (kind) {
    case 'single': {
      const choices = choicesRef(ctx, f, subject, 'choices') ?? [];
      return { ...base, kind, choices, ordered: flag('ordered', false), nets: readNets(ctx, f.get('nets')?.value, subject, choices), recodes: readRecodes(ctx, f.get('recodes')?.value, subject, choices) };
    }
    case 'multiple': {
      const choices = choicesRef(ctx, f, subject, 'choices') ?? [];
      const exclusive: number[] = [];
      const exclusiveNode = f.get('exclusive');
      for (const e of exclusiveNode === undefined ? [] : (r.seq(exclusiveNode.value, subject, "'exclusive'") ?? [])) {
        const code = r.integer(e, subject, 'an exclusive code');
        if (code === undefined) continue;
        if (!choices.some((c) => c.code === code)) r.error(e, C.badExclusive, subject, `exclusive code ${code} is not one of the choices`);
        else exclusive.push(code);
      }
      return { ...base, kind, choices, exclusive };
    }
    case 'battery': {
      const scale = choicesRef(ctx, f, subject, 'scale') ?? [];
      const rows: { name: string; label: LocalizedText }[] = [];
      const rowNames = new Set<string>();
      const rowsEntry = f.get('rows');
      for (const rowNode of rowsEntry === undefined ? [] : (r.seq(rowsEntry.value ?? rowsEntry.key, subject, "'rows'") ?? [])) {
        const rf = r.map(rowNode, subject, 'a row', ['name', ...(ctx.languages ?? [])], ['name']);
        if (rf === undefined) continue;
        const rowName = str(r, rf, 'name', subject) ?? '';
        if (!NAME.test(rowName) || name.length + 1 + rowName.length > 32) r.error(rf.get('name')?.value, C.badName, subject, `row name '${rowName}' must be lowercase letters, digits and _, and '${name}_${rowName}' at most 32 characters`);
        if (rowNames.has(rowName)) r.error(rf.get('name')?.value, C.duplicateName, subject, `row name '${rowName}' is used twice`);
        rowNames.add(rowName);
        const rowLabel = textFromFields(ctx, rf, rowNode, subject, `row '${rowName}'`, ['name']);
        if (rowLabel !== undefined) rows.push({ name: rowName, label: rowLabel });
      }
      return { ...base, kind, scale, rows, nets: readNets(ctx, f.get('nets')?.value, subject, scale) };
    }
    case 'integer': {
      const min = f.has('min') ? r.integer(f.get('min')?.value ?? null, subject, "'min'") : undefined;
      const max = f.has('max') ? r.integer(f.get('max')?.value ?? null, subject, "'max'") : undefined;
      if (min === undefined || max === undefined) return undefined;
      if (min > max) r.error(f.get('min')?.value, C.badRange, subject, `min ${min} is greater than max ${max}`);
      if (isReservedCode(min) || isReservedCode(max) || (min <= -96 && max >= -99)) r.error(f.get('min')?.value, C.reservedCode, subject, 'the range overlaps the reserved missing codes −99…−96');
      return { ...base, kind, min, max, recodes: readRecodes(ctx, f.get('recodes')?.value, subject, undefined, { min, max }) };
    }
    case 'text':
    case 'long_text': {
      const dflt = kind === 'text' ? 200 : 5000;
      const maxLength = f.has('max_length') ? (r.integer(f.get('max_length')?.value ?? null, subject, "'max_length'") ?? dflt) : dflt;
      if (maxLength < 1 || maxLength > 32000) r.error(f.get('max_length')?.value, C.badRange, subject, 'max_length must be between 1 and 32000');
      return { ...base, kind, maxLength };
    }
    case 'note':
      return { ...base, kind };
  }
}

function readNets(ctx: Ctx, node: YNode | undefined, subject: string, choices: readonly Choice[]): readonly Net[] {
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
function readRecodes(ctx: Ctx, node: YNode | undefined, subject: string, fine: readonly Choice[] | undefined, range?: { min: number; max: number }): readonly Recode[] {
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
