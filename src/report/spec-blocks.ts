// Reading the sections and blocks of a report spec (figures, statements, associations, population, quotes).

import type { Fields, YNode } from '../instrument/yaml-reader.ts';
import type { AssociationSpec, BlockSpec, CategorySpec, FigureSpec, GroupSpec, MultiplierSpec, PopulationSpec, QuotesSpec, SectionSpec, SourceSpec, StatementSpec } from './spec.ts';
import type { SpecContext } from './spec-context.ts';

/** The most bars one figure draws (the flagship's largest has 36). */
export const MAX_FIGURE_CELLS = 120;

const BLOCK_KINDS = ['figure', 'statement', 'association', 'population', 'quotes'] as const;
const FIGURE_KEYS = ['figure', 'number', 'title', 'item', 'recode', 'rows', 'chart', 'categories', 'base', 'decimals', 'published', 'compare', 'notes'];
const STATEMENT_KEYS = ['statement', 'text', 'item', 'recode', 'row', 'category', 'base', 'decimals', 'mean', 'published', 'compare'];
const ASSOCIATION_KEYS = ['association', 'claim', 'measure', 'item', 'recode', 'row', 'rows', 'category', 'base', 'groups', 'expected'];

export function readSections(ctx: SpecContext, node: YNode): SectionSpec[] {
  const r = ctx.r;
  const sections: SectionSpec[] = [];
  const seen = new Set<string>();
  for (const [i, n] of (r.seq(node, 'sections', "'sections'") ?? []).entries()) {
    const subject = `sections[${i + 1}]`;
    const f = r.map(n, subject, 'a section', ['key', 'title', 'intro', 'narrative', 'blocks'], ['key', 'title', 'blocks']);
    if (f === undefined) continue;
    const key = ctx.key(f, subject);
    const title = ctx.text(f.get('title')?.value, `${subject}.title`);
    const intro = ctx.optText(f, 'intro', subject);
    const narrative = ctx.optText(f, 'narrative', subject);
    if (key !== undefined) ctx.mark(`sections.${key}.narrative`, f.get('narrative')?.value);
    const blocks: BlockSpec[] = [];
    for (const [j, b] of (r.seq(f.get('blocks')?.value ?? null, subject, "'blocks'") ?? []).entries()) {
      for (const block of readBlock(ctx, b, `${key ?? subject}.blocks[${j + 1}]`)) {
        if (seen.has(block.key)) ctx.fail(b, 'report.duplicate-key', block.key, `block key '${block.key}' is used twice`);
        seen.add(block.key);
        ctx.mark(block.key, b);
        blocks.push(block);
      }
    }
    if (key !== undefined && title !== undefined) sections.push({ key, title, ...(intro === undefined ? {} : { intro }), ...(narrative === undefined ? {} : { narrative }), blocks });
  }
  return sections;
}

function readBlock(ctx: SpecContext, node: YNode, subject: string): BlockSpec[] {
  const r = ctx.r;
  const f = r.map(node, subject, 'a block', ['*']);
  if (f === undefined) return [];
  const kind = BLOCK_KINDS.find((k) => f.has(k));
  if (kind === undefined) {
    ctx.fail(node, 'report.unknown-block', subject, `a block starts with one of ${BLOCK_KINDS.join(', ')}`);
    return [];
  }
  const keyNode = f.get(kind)?.value ?? null;
  const key = r.string(keyNode, subject, `'${kind}'`);
  if (key === undefined) return [];
  if (!/^[a-z][a-z0-9_]*$/.test(key)) ctx.fail(keyNode, 'report.bad-key', subject, `key '${key}' must be lowercase letters, digits and '_'`);
  switch (kind) {
    case 'figure':
      return optional(readFigure(ctx, node, key));
    case 'statement':
      return optional(readStatement(ctx, node, key));
    case 'association':
      return readAssociation(ctx, node, key);
    case 'population':
      return optional(readPopulation(ctx, node, key));
    case 'quotes':
      return optional(readQuotes(ctx, node, key));
  }
}

const optional = <T>(x: T | undefined): T[] => (x === undefined ? [] : [x]);

/** Rejects keys a block kind does not know (with the reader's suggestion). */
function fieldsOf(ctx: SpecContext, node: YNode, key: string, what: string, allowed: readonly string[]): Fields | undefined {
  return ctx.r.map(node, key, what, allowed);
}

/** What a figure and a statement both begin with: their fields, the item they count, their text and their base. */
function readCounted(ctx: SpecContext, node: YNode, key: string, what: string, allowed: readonly string[], textKey: 'title' | 'text', wholeItem: boolean) {
  const f = fieldsOf(ctx, node, key, what, allowed);
  if (f === undefined) return undefined;
  const source = ctx.source(f, key, wholeItem);
  const text = ctx.text(f.get(textKey)?.value, `${key}.${textKey}`);
  const base = ctx.base(f.get('base')?.value, `${key}.base`);
  return source === undefined || text === undefined || base === undefined ? undefined : { f, source, text, base };
}

function decimals(ctx: SpecContext, f: Fields, key: string): number {
  if (!f.has('decimals')) return 0;
  const d = ctx.r.integer(f.get('decimals')?.value ?? null, key, "'decimals'");
  if (d === undefined || d < 0 || d > 2) {
    ctx.fail(f.get('decimals')?.value, 'report.wrong-type', key, "'decimals' is 0, 1 or 2");
    return 0;
  }
  return d;
}

/** Every category the source can take, with the base's missing kinds, then nets. */
function defaultCategories(ctx: SpecContext, source: SourceSpec, baseKind: string): CategorySpec[] {
  const domain = ctx.domain(source);
  const item = ctx.items.get(source.item);
  const out: CategorySpec[] = domain.codes.map((c) => ({ key: String(c.code), label: c.label, kind: 'value', codes: [c.code], missing: [] }));
  if (item?.kind !== 'multiple') {
    for (const m of ctx.missingKinds(source)) {
      if ((m === 'skipped' && baseKind === 'answered') || m === 'not_applicable') continue;
      out.push({ key: m, label: ctx.missingLabel(m), kind: 'missing', codes: [], missing: [m] });
    }
  }
  for (const net of domain.nets) out.push({ key: net.name, label: net.label, kind: 'net', codes: net.codes, missing: [] });
  return out;
}

function readFigure(ctx: SpecContext, node: YNode, key: string): FigureSpec | undefined {
  const r = ctx.r;
  const head = readCounted(ctx, node, key, 'a figure', FIGURE_KEYS, 'title', false);
  if (head === undefined) return undefined;
  const { f, source, text: title, base } = head;
  const item = ctx.items.get(source.item);
  if (item === undefined) return undefined;
  let rows = item.kind === 'battery' ? item.rows.map((x) => ({ key: x.name, label: x.label })) : [{ key: item.name, label: item.label }];
  if (f.has('rows')) {
    const names = (r.seq(f.get('rows')?.value ?? null, key, "'rows'") ?? []).map((n) => r.string(n, key, 'a row name') ?? '');
    const unknown = names.filter((n) => !rows.some((x) => x.key === n));
    if (item.kind !== 'battery' || unknown.length > 0) ctx.fail(f.get('rows')?.value, 'report.unknown-row', `${key}.rows`, item.kind === 'battery' ? `battery '${item.name}' has no row '${unknown.join("', '")}'` : `item '${item.name}' is not a battery`);
    rows = rows.filter((x) => names.includes(x.key));
  }
  const chart = item.kind === 'battery' ? 'stacked' : item.kind === 'multiple' ? 'multi' : 'bars';
  const categories = asNets(
    f.has('categories')
      ? (r.seq(f.get('categories')?.value ?? null, key, "'categories'") ?? []).map((n, i) => ctx.category(n, source, `${key}.categories[${i + 1}]`)).filter((c): c is CategorySpec => c !== undefined)
      : defaultCategories(ctx, source, base.kind),
  );
  // Vega lays out every bar: hundreds of categories (a list of villages) read as nothing and overflow its stack.
  const cells = categories.length * rows.length;
  if (cells > MAX_FIGURE_CELLS) ctx.fail(f.get('categories')?.value ?? f.get('item')?.value, 'report.too-many-categories', key, `${String(categories.length)} categories × ${String(rows.length)} row(s) make ${String(cells)} bars; a figure shows at most ${String(MAX_FIGURE_CELLS)}`, "list the categories to show under 'categories:', or report a recode of the item");
  const numberNode = f.get('number')?.value;
  const number = numberNode === undefined ? undefined : r.integer(numberNode, key, "'number'");
  const known = { categories: categories.map((c) => c.key), rows: item.kind === 'battery' ? rows.map((x) => x.key) : [] };
  const published = ctx.published(f.get('published')?.value, `${key}.published`, '', known);
  const comparisons = ctx.comparisons(f.get('compare')?.value, key, '', known);
  const notes = (f.has('notes') ? (r.seq(f.get('notes')?.value ?? null, key, "'notes'") ?? []) : []).map((n, i) => ctx.text(n, `${key}.notes[${i + 1}]`)).filter((t) => t !== undefined);
  return { kind: 'figure', key, ...(number === undefined ? {} : { number }), title, source, rows, chart, categories, base, decimals: decimals(ctx, f, key), published, comparisons, notes };
}

/**
 * A category of its own that groups non-answers the figure also shows one by one ("don't know or
 * prefer not to answer" beside each) overlaps them: it is a net, not a part of the 100 %.
 */
function asNets(categories: readonly CategorySpec[]): CategorySpec[] {
  const parts = categories.filter((c) => c.kind !== 'net');
  return categories.map((c) => (c.kind === 'missing' && parts.some((o) => o !== c && o.missing.some((m) => c.missing.includes(m))) ? { ...c, kind: 'net' } : c));
}

function readStatement(ctx: SpecContext, node: YNode, key: string): StatementSpec | undefined {
  const head = readCounted(ctx, node, key, 'a statement', STATEMENT_KEYS, 'text', true);
  if (head === undefined) return undefined;
  const { f, source, text, base } = head;
  const mean = f.has('mean') ? (ctx.r.boolean(f.get('mean')?.value ?? null, key, "'mean'") ?? false) : false;
  const catNode = f.get('category')?.value;
  if (catNode === undefined && !mean) ctx.fail(node, 'report.missing-field', key, "a statement needs a 'category' (or 'mean: true')");
  const category = catNode === undefined ? { key: 'answered', label: text, kind: 'net' as const, codes: [], missing: [] } : ctx.category(catNode, source, `${key}.category`);
  if (mean && !ctx.domain(source).integer) ctx.fail(f.get('mean')?.value, 'report.wrong-item-kind', key, `a mean needs an integer item; '${source.item}' is not`);
  if (category === undefined) return undefined;
  const known = { categories: [category.key], rows: [] };
  const published = ctx.published(f.get('published')?.value, `${key}.published`, category.key, known);
  const comparisons = ctx.comparisons(f.get('compare')?.value, key, category.key, known);
  return { kind: 'statement', key, text, source, category, base, decimals: decimals(ctx, f, key), mean, published, comparisons };
}

function readAssociation(ctx: SpecContext, node: YNode, key: string): AssociationSpec[] {
  const r = ctx.r;
  const f = fieldsOf(ctx, node, key, 'an association', ASSOCIATION_KEYS);
  if (f === undefined) return [];
  const claim = ctx.text(f.get('claim')?.value, `${key}.claim`);
  const measure = ctx.text(f.get('measure')?.value, `${key}.measure`);
  const base = ctx.base(f.get('base')?.value, `${key}.base`);
  const expectedText = r.string(f.get('expected')?.value ?? null, key, "'expected'");
  const expected = (['higher', 'lower', 'none'] as const).find((x) => x === expectedText);
  if (expected === undefined) ctx.fail(f.get('expected')?.value ?? node, 'report.bad-expected', key, "'expected' is higher, lower or none (the first group's share against the second's)");
  const groupNodes = r.seq(f.get('groups')?.value ?? null, key, "'groups'") ?? [];
  const groups = groupNodes.map((g, i) => readGroup(ctx, g, `${key}.groups[${i + 1}]`));
  if (groups.length !== 2) ctx.fail(f.get('groups')?.value ?? node, 'report.bad-groups', key, 'an association compares exactly two groups');
  if (groups[0]?.otherwise === true) ctx.fail(groupNodes[0] ?? node, 'report.bad-groups', key, "only the second group can be 'otherwise'");
  // `rows: [a, b]` on a battery: one association per row, keyed `<key>_<row>`.
  const rowNames = f.has('rows') ? (r.seq(f.get('rows')?.value ?? null, key, "'rows'") ?? []).map((n) => r.string(n, key, 'a row') ?? '') : [undefined];
  const [g0, g1] = groups;
  if (claim === undefined || measure === undefined || base === undefined || expected === undefined || g0 === undefined || g1 === undefined) return [];
  const base0 = ctx.source(f, key, !f.has('rows'));
  if (base0 === undefined) return [];
  const item = ctx.items.get(base0.item);
  const out: AssociationSpec[] = [];
  for (const row of rowNames) {
    if (row !== undefined && (item?.kind !== 'battery' || !item.rows.some((x) => x.name === row))) {
      ctx.fail(f.get('rows')?.value, 'report.unknown-row', `${key}.rows`, item?.kind === 'battery' ? `battery '${item.name}' has no row '${row}'` : `item '${base0.item}' is not a battery`);
      continue;
    }
    const source: SourceSpec = row === undefined ? base0 : { ...base0, row };
    const catNode = f.get('category')?.value;
    const category = catNode === undefined ? undefined : ctx.category(catNode, source, `${key}.category`);
    if (catNode === undefined) ctx.fail(node, 'report.missing-field', key, "an association needs the 'category' whose share is compared");
    if (category === undefined) continue;
    // One association per row: the measure names the row, or the repeated claims could not be told apart.
    const rowLabel = row === undefined || item?.kind !== 'battery' ? undefined : item.rows.find((x) => x.name === row)?.label;
    // `{row}` in the measure places the row's label where the language's grammar wants it ("… в оценке деятельности {row}").
    const named = rowLabel === undefined ? measure : Object.fromEntries(Object.entries(measure).map(([lang, text]) => [lang, text.includes('{row}') ? text.replace('{row}', rowLabel[lang] ?? row ?? '') : `${text} (${rowLabel[lang] ?? row ?? ''})`]));
    out.push({ kind: 'association', key: row === undefined ? key : `${key}_${row}`, claim, measure: named, source, category, base, groups: [g0, g1], expected });
  }
  return out;
}

function readGroup(ctx: SpecContext, node: YNode, subject: string): GroupSpec | undefined {
  const f = ctx.r.map(node, subject, 'a group', ['key', 'label', 'where', 'otherwise']);
  if (f === undefined) return undefined;
  const key = ctx.key(f, subject);
  const label = ctx.text(f.get('label')?.value, `${subject}.label`);
  const otherwise = f.has('otherwise') ? (ctx.r.boolean(f.get('otherwise')?.value ?? null, subject, "'otherwise'") ?? false) : false;
  const filters = f.has('where') ? ctx.filters(f.get('where')?.value, `${subject}.where`) : [];
  if (!otherwise && !f.has('where')) ctx.fail(node, 'report.bad-groups', subject, "a group needs 'where' filters, or 'otherwise: true'");
  if (key === undefined || label === undefined || filters === undefined) return undefined;
  return { key, label, filters, otherwise };
}

function readPopulation(ctx: SpecContext, node: YNode, key: string): PopulationSpec | undefined {
  const r = ctx.r;
  const f = fieldsOf(ctx, node, key, 'a population block', ['population', 'title', 'eligible', 'rows', 'context']);
  if (f === undefined) return undefined;
  const title = ctx.text(f.get('title')?.value, `${key}.title`);
  const eligible = ctx.filters(f.get('eligible')?.value, `${key}.eligible`);
  const rows: MultiplierSpec[] = [];
  for (const [i, n] of (r.seq(f.get('rows')?.value ?? null, key, "'rows'") ?? []).entries()) {
    const subject = `${key}.rows[${i + 1}]`;
    const g = r.map(n, subject, 'a multiplier', ['key', 'benchmark', 'label', 'item', 'codes', 'caveat'], ['key', 'benchmark', 'item', 'codes', 'caveat']);
    if (g === undefined) continue;
    const rowKey = ctx.key(g, subject);
    const benchmark = r.string(g.get('benchmark')?.value ?? null, subject, "'benchmark'");
    const source = ctx.source(g, subject, true);
    const codes = source === undefined ? undefined : ctx.codeList(g.get('codes')?.value, source, `${subject}.codes`);
    const caveat = ctx.text(g.get('caveat')?.value, `${subject}.caveat`);
    const label = ctx.optText(g, 'label', subject);
    if (rowKey === undefined || benchmark === undefined || source === undefined || codes === undefined || caveat === undefined) continue;
    rows.push({ key: rowKey, benchmark, ...(label === undefined ? {} : { label }), source, codes: codes.codes, caveat });
  }
  const context: { label: NonNullable<ReturnType<SpecContext['text']>>; value: NonNullable<ReturnType<SpecContext['text']>> }[] = [];
  for (const [i, n] of (f.has('context') ? (r.seq(f.get('context')?.value ?? null, key, "'context'") ?? []) : []).entries()) {
    const g = r.map(n, `${key}.context[${i + 1}]`, 'a context line', ['label', 'value'], ['label', 'value']);
    const label = g === undefined ? undefined : ctx.text(g.get('label')?.value, `${key}.context[${i + 1}].label`);
    const value = g === undefined ? undefined : ctx.text(g.get('value')?.value, `${key}.context[${i + 1}].value`);
    if (label !== undefined && value !== undefined) context.push({ label, value });
  }
  if (title === undefined || eligible === undefined) return undefined;
  return { kind: 'population', key, title, eligible, rows, context };
}

function readQuotes(ctx: SpecContext, node: YNode, key: string): QuotesSpec | undefined {
  const r = ctx.r;
  const f = fieldsOf(ctx, node, key, 'a quotes block', ['quotes', 'title', 'items', 'max', 'sex', 'age', 'translations']);
  if (f === undefined) return undefined;
  const title = ctx.text(f.get('title')?.value, `${key}.title`);
  const items: string[] = [];
  for (const n of r.seq(f.get('items')?.value ?? null, key, "'items'") ?? []) {
    const name = r.string(n, key, 'an item');
    const item = name === undefined ? undefined : ctx.item(n, name, `${key}.items`);
    if (item !== undefined && item.kind !== 'text' && item.kind !== 'long_text') ctx.fail(n, 'report.wrong-item-kind', `${key}.items`, `item '${item.name}' is not free text`);
    else if (name !== undefined && item !== undefined) items.push(name);
  }
  const max = f.has('max') ? (r.integer(f.get('max')?.value ?? null, key, "'max'") ?? 5) : 5;
  let sex: QuotesSpec['sex'];
  if (f.has('sex')) {
    const g = r.map(f.get('sex')?.value ?? null, `${key}.sex`, 'the sex item', ['item', 'female', 'male'], ['item', 'female', 'male']);
    const src = g === undefined ? undefined : ctx.source(g, `${key}.sex`, true);
    const female = g === undefined ? undefined : r.integer(g.get('female')?.value ?? null, `${key}.sex`, "'female'");
    const male = g === undefined ? undefined : r.integer(g.get('male')?.value ?? null, `${key}.sex`, "'male'");
    const codes = src === undefined ? [] : ctx.domain(src).codes.map((c) => c.code);
    for (const [code, word] of [[female, 'female'], [male, 'male']] as const) {
      if (code !== undefined && !codes.includes(code)) ctx.fail(g?.get(word)?.value, 'report.unknown-code', `${key}.sex`, `${src?.item ?? 'sex'} has no code ${code}`);
    }
    if (src !== undefined && female !== undefined && male !== undefined) sex = { item: src.item, female, male };
  }
  let age: string | undefined;
  const ageNode = f.get('age')?.value;
  if (ageNode !== undefined) {
    age = r.string(ageNode, key, "'age'");
    const item = age === undefined ? undefined : ctx.item(ageNode, age, `${key}.age`);
    if (item !== undefined && item.kind !== 'integer') ctx.fail(ageNode, 'report.wrong-item-kind', `${key}.age`, `item '${item.name}' is not an integer`);
  }
  // The researcher's translations: each entry the same passage in every language of the report.
  const translations = (f.has('translations') ? (r.seq(f.get('translations')?.value ?? null, key, "'translations'") ?? []) : []).flatMap((n, i) => {
    const t = ctx.text(n, `${key}.translations[${i + 1}]`);
    return t === undefined ? [] : [t];
  });
  if (title === undefined) return undefined;
  return { kind: 'quotes', key, title, items, max, ...(sex === undefined ? {} : { sex }), ...(age === undefined ? {} : { age }), translations };
}

