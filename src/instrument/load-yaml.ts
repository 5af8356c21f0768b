// Loads instrument.yaml into the questionnaire model, reporting every problem with file:line:col.

import type { Diagnostic } from '../core/diagnostic.ts';
import { hasErrors } from '../core/diagnostic.ts';
import type { LanguageCode } from '../core/text.ts';
import { parseExpression } from './expression.ts';
import { readConstraint } from './constraint.ts';
import type { KindModule } from './kinds/kind.ts';
import { ITEM_KINDS, KINDS } from './kinds/registry.ts';
import { NAME, readChoices, readFlag, readText, str, type LoadContext } from './load-parts.ts';
import { INSTRUMENT_CODES as C } from './messages.ts';
import type { ChosenMissing } from './missing.ts';
import type { Instrument, Item, ItemKind, Relevance, Section, StudyAbout } from './model.ts';
import { checkPiping } from './piping.ts';
import { checkReferences } from './references.ts';
import { YamlReader, type YNode } from './yaml-reader.ts';

export interface LoadResult {
  /** Present when there are no errors (warnings may remain). */
  readonly instrument?: Instrument;
  readonly diagnostics: readonly Diagnostic[];
}

const MAX_ITEM_NAME = 24;
const STUDY_ID = /^[a-z][a-z0-9-]*$/;
const COMMON_ITEM_KEYS = ['name', 'type', 'label', 'hint', 'relevance', 'constraint', 'ask_again', 'quasi_identifier', 'sensitive', 'opinion', 'dont_know', 'refused'];

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
  const ctx: LoadContext = { r, languages, lists: new Map() };
  const title = readText(ctx, top.get('title')?.value, 'title', 'the title');
  const texts = readTexts(ctx, top.get('texts')?.value ?? null);
  const about = readAbout(ctx, top.get('about')?.value);
  readChoiceLists(ctx, top.get('choice_lists')?.value);
  const seenNames = new Set<string>();
  const sections = readSections(ctx, top.get('sections')?.value ?? null, seenNames);
  // References are checked even when other errors exist, so that one run reports everything;
  // names of items that failed to load are known, so they cause no second, spurious error.
  const diagnostics = [...r.diagnostics, ...checkReferences(sections, seenNames), ...checkPiping(sections)];
  if (hasErrors(diagnostics) || study === undefined || version === undefined || languages === undefined || title === undefined || texts === undefined) {
    return { diagnostics };
  }
  return { instrument: { study, version, title, languages, texts, ...(about === undefined ? {} : { about }), sections }, diagnostics };
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

function readTexts(ctx: LoadContext, node: YNode): Instrument['texts'] | undefined {
  const f = ctx.r.map(node, 'texts', "'texts'", ['intro', 'skip_reminder', 'stop_reminder', 'thanks'], ['intro', 'skip_reminder', 'stop_reminder', 'thanks']);
  if (f === undefined) return undefined;
  const intro = readText(ctx, f.get('intro')?.value, 'texts', 'the intro');
  const skipReminder = readText(ctx, f.get('skip_reminder')?.value, 'texts', 'the skip reminder');
  const stopReminder = readText(ctx, f.get('stop_reminder')?.value, 'texts', 'the stop reminder');
  const thanks = readText(ctx, f.get('thanks')?.value, 'texts', 'the thank-you text');
  if (intro === undefined || skipReminder === undefined || stopReminder === undefined || thanks === undefined) return undefined;
  return { intro, skipReminder, stopReminder, thanks };
}

/** `about:` organisation (a text per language), contact and an optional ethics reference (plain strings). */
function readAbout(ctx: LoadContext, node: YNode | undefined): StudyAbout | undefined {
  if (node === undefined) return undefined;
  const f = ctx.r.map(node, 'about', "'about'", ['organisation', 'contact', 'ethics'], ['organisation', 'contact']);
  if (f === undefined) return undefined;
  const organisation = readText(ctx, f.get('organisation')?.value, 'about', 'the organisation');
  const contact = str(ctx.r, f, 'contact', 'about');
  const ethics = str(ctx.r, f, 'ethics', 'about');
  if (organisation === undefined || contact === undefined) return undefined;
  return { organisation, contact, ...(ethics === undefined ? {} : { ethics }) };
}

function readChoiceLists(ctx: LoadContext, node: YNode | undefined): void {
  if (node === undefined) return;
  const f = ctx.r.map(node, 'choice_lists', "'choice_lists'", ['*']);
  if (f === undefined) return;
  for (const [name, entry] of f) {
    if (!NAME.test(name)) ctx.r.error(entry.key, C.badName, `choice list '${name}'`, 'list names use lowercase letters, digits and _');
    const choices = readChoices(ctx, entry.value, `choice list '${name}'`);
    if (choices !== undefined) ctx.lists.set(name, choices);
  }
}

function readSections(ctx: LoadContext, node: YNode, itemNames: Set<string>): readonly Section[] {
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
    const title = readText(ctx, f.get('title')?.value, subject, 'the title');
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

function readRelevance(ctx: LoadContext, node: YNode | undefined, subject: string): Relevance | undefined {
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

function readItem(ctx: LoadContext, node: YNode, itemNames: Set<string>): Item | undefined {
  const { r } = ctx;
  const pre = r.map(node, undefined, 'an item', ['*'], ['name', 'type', 'label']);
  if (pre === undefined) return undefined;
  const name = str(r, pre, 'name', 'item') ?? '';
  const subject = `item '${name}'`;
  const kindText = str(r, pre, 'type', subject);
  const kind = ITEM_KINDS.find((k) => k === kindText);
  if (kindText !== undefined && kind === undefined) r.error(pre.get('type')?.value, C.wrongType, subject, `unknown type '${kindText}'`, `types: ${ITEM_KINDS.join(', ')}`);
  if (kind === undefined) return undefined;
  const f = r.map(node, subject, 'the item', [...COMMON_ITEM_KEYS, ...KINDS[kind].keys], ['name', 'type', 'label', ...KINDS[kind].requiredKeys]);
  if (f === undefined) return undefined;
  const nameNode = f.get('name')?.value;
  if (name !== '' && (!NAME.test(name) || name.length > MAX_ITEM_NAME)) {
    r.error(nameNode, C.badName, subject, `item names use lowercase letters, digits and _, start with a letter, and have at most ${MAX_ITEM_NAME} characters`, 'exports need short, plain variable names');
  }
  if (itemNames.has(name)) r.error(nameNode, C.duplicateName, subject, `item name '${name}' is used twice`, 'item names must be unique in the instrument');
  itemNames.add(name);

  const label = readText(ctx, f.get('label')?.value, subject, 'the label');
  const hint = readText(ctx, f.get('hint')?.value, subject, 'the hint');
  const relevance = readRelevance(ctx, f.get('relevance')?.value, subject);
  const flag = (key: string, dflt: boolean): boolean => readFlag(ctx, f, key, subject, dflt);
  const constraint = readConstraint(ctx, f.get('constraint')?.value, subject, name);
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
    ...(kind !== 'note' && flag('ask_again', false) ? { askAgain: true } : {}),
    ...(position ? { position } : {}),
  };
  if (label === undefined) return undefined;

  const module: KindModule<ItemKind> = KINDS[kind];
  return module.load({ ctx, fields: f, subject, base: { ...base, ...(constraint ? { constraint } : {}) } });
}
