// Reading report-spec values that refer to the instrument: items, recodes, rows, codes, nets, bases, filters.

import type { SourcePosition } from '../core/diagnostic.ts';
import type { LocalizedText } from '../core/text.ts';
import type { KindModule } from '../instrument/kinds/kind.ts';
import { KINDS } from '../instrument/kinds/registry.ts';
import { isQuestion, itemsOf, type Choice, type Instrument, type ItemKind, type Net, type QuestionItem } from '../instrument/model.ts';
import { MISSING_KINDS, type MissingKind } from '../instrument/missing.ts';
import type { Fields, YamlReader, YNode } from '../instrument/yaml-reader.ts';
import type { ReportCode } from './codes.ts';
import type { BaseSpec, CategorySpec, ComparisonSpec, FilterSpec, PublishedSpec, SourceSpec } from './spec.ts';

/** Labels of the missing kinds, in the languages reports are written in (English for others). */
export const MISSING_LABELS: Readonly<Record<MissingKind, Readonly<Record<'ru' | 'en', string>>>> = {
  dont_know: { ru: 'Затрудняюсь ответить', en: "Don't know" },
  refused: { ru: 'Предпочитаю не отвечать', en: 'Prefer not to answer' },
  skipped: { ru: 'Нет ответа', en: 'No answer' },
  not_applicable: { ru: 'Вопрос не задавался', en: 'Not asked' },
  suppressed: { ru: 'Скрыто для защиты респондентов', en: 'Suppressed (disclosure control)' },
};

/** The codes (with labels) and nets a source can take. */
export interface Domain {
  readonly codes: readonly Choice[];
  readonly nets: readonly Net[];
  readonly integer: boolean;
}

const KEY = /^[a-z][a-z0-9_]*$/;

/** The category keys and battery rows of a block, which its published numbers and comparisons may name. */
export interface Known {
  readonly categories: readonly string[];
  readonly rows: readonly string[];
}

// The yaml package marks its node classes with these registered symbols (yaml 2.x); src/report may
// not import the package itself, so the kinds are told apart here.
const NODE_TYPE = Symbol.for('yaml.node.type');
const kindOf = (node: YNode | undefined): symbol | undefined => (node === undefined || node === null ? undefined : ((node as unknown as Record<symbol, unknown>)[NODE_TYPE] as symbol | undefined));

export function isMap(node: YNode | undefined): node is NonNullable<YNode> {
  return kindOf(node) === Symbol.for('yaml.map');
}

export function isScalar(node: YNode | undefined): node is NonNullable<YNode> & { readonly value: unknown } {
  return kindOf(node) === Symbol.for('yaml.scalar');
}

export class SpecContext {
  readonly items: ReadonlyMap<string, QuestionItem>;
  /** Where each block, narrative and the summary stand in the file (see ReportSpec.positions). */
  readonly positions = new Map<string, SourcePosition>();

  constructor(
    readonly r: YamlReader,
    readonly instrument: Instrument,
  ) {
    this.items = new Map([...itemsOf(instrument)].filter(isQuestion).map((i) => [i.name, i]));
  }

  /** Remembers where `key` (a block key, `summary`, `sections.<key>.narrative`) is written, for later warnings. */
  mark(key: string, node: YNode | undefined): void {
    const position = this.r.position(node ?? null);
    if (position !== undefined) this.positions.set(key, position);
  }

  fail(node: YNode | undefined, code: ReportCode, subject: string, message: string, hint?: string): void {
    const position = this.r.position(node ?? null);
    this.r.diagnostics.push({ code, severity: 'error', message, subject, ...(position === undefined ? {} : { position }), ...(hint === undefined ? {} : { hint }) });
  }

  /** A text in every language of the instrument. */
  text(node: YNode | undefined, subject: string): LocalizedText | undefined {
    const f = this.r.map(node ?? null, subject, 'a text', this.instrument.languages);
    if (f === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const lang of this.instrument.languages) {
      const v = f.get(lang);
      if (v === undefined) this.fail(node, 'report.missing-label', subject, `the text needs '${lang}'`);
      else {
        const s = this.r.string(v.value, subject, `'${lang}'`);
        if (s !== undefined) out[lang] = s;
      }
    }
    return Object.keys(out).length === this.instrument.languages.length ? out : undefined;
  }

  /** Optional text field. */
  optText(fields: Fields, key: string, subject: string): LocalizedText | undefined {
    const f = fields.get(key);
    return f === undefined ? undefined : this.text(f.value, `${subject}.${key}`);
  }

  missingLabel(kind: MissingKind): LocalizedText {
    const l = MISSING_LABELS[kind];
    return Object.fromEntries(this.instrument.languages.map((lang) => [lang, lang === 'ru' ? l.ru : l.en]));
  }

  item(node: YNode | undefined, name: string, subject: string): QuestionItem | undefined {
    const item = this.items.get(name);
    if (item === undefined) this.fail(node, 'report.unknown-item', subject, `no item '${name}' in the instrument`, 'use the name of a question of instrument.yaml');
    return item;
  }

  /** `item`, `recode`, `row` from a mapping's fields. */
  source(fields: Fields, subject: string, needRow: boolean): SourceSpec | undefined {
    const itemField = fields.get('item');
    if (itemField === undefined) {
      this.fail(undefined, 'report.missing-field', subject, "'item' is required");
      return undefined;
    }
    const name = this.r.string(itemField.value, subject, "'item'");
    if (name === undefined) return undefined;
    const item = this.item(itemField.value, name, `${subject}.item`);
    if (item === undefined) return undefined;
    let source: SourceSpec = { item: name };
    const recodeField = fields.get('recode');
    if (recodeField !== undefined) {
      const recode = this.r.string(recodeField.value, subject, "'recode'");
      if (recode === undefined) return undefined;
      const recodes = item.kind === 'single' || item.kind === 'integer' ? item.recodes : [];
      const found = recodes.find((x) => x.name === recode);
      if (found === undefined) {
        this.fail(recodeField.value, 'report.unknown-recode', `${subject}.recode`, `item '${name}' has no recode '${recode}'`, recodes.length > 0 ? `recodes: ${recodes.map((x) => x.name).join(', ')}` : undefined);
        return undefined;
      }
      source = { ...source, recode, recodeMap: [...found.map] };
    }
    const rowField = fields.get('row');
    if (rowField !== undefined) {
      const row = this.r.string(rowField.value, subject, "'row'");
      if (row === undefined) return undefined;
      if (item.kind !== 'battery' || !item.rows.some((x) => x.name === row)) {
        this.fail(rowField.value, 'report.unknown-row', `${subject}.row`, item.kind === 'battery' ? `battery '${name}' has no row '${row}'` : `item '${name}' is not a battery`, item.kind === 'battery' ? `rows: ${item.rows.map((x) => x.name).join(', ')}` : undefined);
        return undefined;
      }
      source = { ...source, row };
    } else if (needRow && item.kind === 'battery') {
      this.fail(itemField.value, 'report.missing-field', subject, `battery '${name}' needs a 'row' here`);
      return undefined;
    }
    return source;
  }

  domain(source: SourceSpec): Domain {
    const item = this.items.get(source.item);
    if (item === undefined) return { codes: [], nets: [], integer: false };
    if (source.recode !== undefined && (item.kind === 'single' || item.kind === 'integer')) {
      return { codes: item.recodes.find((x) => x.name === source.recode)?.choices ?? [], nets: [], integer: false };
    }
    const usage = (KINDS[item.kind] as KindModule<ItemKind>).report(item);
    return { codes: usage.codes, nets: usage.nets, integer: usage.numeric };
  }

  /** Missing kinds the source can hold. */
  missingKinds(source: SourceSpec): MissingKind[] {
    const item = this.items.get(source.item);
    if (item === undefined) return [];
    const kinds: MissingKind[] = ['skipped'];
    if (item.relevance !== undefined) kinds.push('not_applicable');
    for (const m of item.offers) kinds.push(m);
    return kinds;
  }

  private checkCode(node: YNode, source: SourceSpec, code: number, subject: string): boolean {
    if (this.domain(source).codes.some((c) => c.code === code)) return true;
    this.fail(node, 'report.unknown-code', subject, `${source.item}${source.recode === undefined ? '' : ` (recode ${source.recode})`} has no code ${code}`, `codes: ${this.domain(source).codes.map((c) => c.code).join(', ')}`);
    return false;
  }

  private checkMissing(node: YNode, source: SourceSpec, word: string, subject: string): MissingKind | undefined {
    const kind = MISSING_KINDS.find((k) => k === word);
    if (kind !== undefined && this.missingKinds(source).includes(kind)) return kind;
    this.fail(node, 'report.unknown-code', subject, kind === undefined ? `'${word}' is not a missing kind` : `${source.item} cannot be '${kind}'`, `possible: ${this.missingKinds(source).join(', ')}`);
    return undefined;
  }

  /** Codes (numbers) and missing kinds (words) of a list node. */
  codeList(node: YNode | undefined, source: SourceSpec, subject: string): { codes: number[]; missing: MissingKind[] } | undefined {
    const list = this.r.seq(node ?? null, subject, 'a list of codes');
    if (list === undefined) return undefined;
    const codes: number[] = [];
    const missing: MissingKind[] = [];
    let good = true;
    for (const n of list) {
      if (isScalar(n) && typeof n.value === 'number') {
        if (this.checkCode(n, source, n.value, subject)) codes.push(n.value);
        else good = false;
      } else if (isScalar(n) && typeof n.value === 'string') {
        const k = this.checkMissing(n, source, n.value, subject);
        if (k === undefined) good = false;
        else missing.push(k);
      } else {
        this.fail(n, 'report.wrong-type', subject, 'codes are numbers or missing kinds (dont_know, refused, skipped, not_applicable)');
        good = false;
      }
    }
    return good ? { codes, missing } : undefined;
  }

  /** A category: a code, a missing kind, a net name, or `{key, label, codes}`. */
  category(node: YNode, source: SourceSpec, subject: string): CategorySpec | undefined {
    const domain = this.domain(source);
    if (isScalar(node) && typeof node.value === 'number') {
      const code = node.value;
      if (!this.checkCode(node, source, code, subject)) return undefined;
      return { key: String(code), label: domain.codes.find((c) => c.code === code)?.label ?? {}, kind: 'value', codes: [code], missing: [] };
    }
    if (isScalar(node) && typeof node.value === 'string') {
      const word = node.value;
      const net = domain.nets.find((x) => x.name === word);
      if (net !== undefined) return { key: net.name, label: net.label, kind: 'net', codes: net.codes, missing: [] };
      if ((MISSING_KINDS as readonly string[]).includes(word)) {
        const kind = this.checkMissing(node, source, word, subject);
        return kind === undefined ? undefined : { key: kind, label: this.missingLabel(kind), kind: 'missing', codes: [], missing: [kind] };
      }
      this.fail(node, 'report.unknown-net', subject, `${source.item} has no net '${word}'`, domain.nets.length > 0 ? `nets: ${domain.nets.map((x) => x.name).join(', ')}; or a code, or a missing kind` : 'give a code, a missing kind, or {key, label, codes}');
      return undefined;
    }
    if (!isMap(node)) {
      this.fail(node, 'report.wrong-type', subject, 'a category is a code, a net name, a missing kind, or {key, label, codes}');
      return undefined;
    }
    const f = this.r.map(node, subject, 'a category', ['key', 'label', 'codes']);
    if (f === undefined) return undefined;
    const key = this.key(f, subject);
    const label = f.has('label') ? this.text(f.get('label')?.value, `${subject}.label`) : undefined;
    if (!f.has('label')) this.fail(node, 'report.missing-field', subject, "a category of its own needs a 'label'");
    const list = this.codeList(f.get('codes')?.value, source, `${subject}.codes`);
    if (key === undefined || label === undefined || list === undefined) return undefined;
    return { key, label, kind: list.codes.length > 0 ? 'net' : 'missing', codes: list.codes, missing: list.missing };
  }

  key(f: Fields, subject: string): string | undefined {
    const node = f.get('key')?.value;
    if (node === undefined) {
      this.fail(undefined, 'report.missing-field', subject, "'key' is required");
      return undefined;
    }
    const key = this.r.string(node, subject, "'key'");
    if (key !== undefined && !KEY.test(key)) this.fail(node, 'report.bad-key', subject, `key '${key}' must be lowercase letters, digits and '_', starting with a letter`);
    return key;
  }

  /** `{item, recode?, row?, codes? | range?, exclude?}`. */
  filter(node: YNode, subject: string): FilterSpec | undefined {
    const f = this.r.map(node, subject, 'a filter', ['item', 'recode', 'row', 'codes', 'range', 'exclude']);
    if (f === undefined) return undefined;
    const source = this.source(f, subject, true);
    if (source === undefined) return undefined;
    const exclude = f.has('exclude') ? (this.r.boolean(f.get('exclude')?.value ?? null, subject, "'exclude'") ?? false) : false;
    if (f.has('range')) {
      const list = this.r.seq(f.get('range')?.value ?? null, subject, "'range'");
      const lo = list?.[0] === undefined ? undefined : this.r.integer(list[0], subject, 'the range start');
      const hi = list?.[1] === undefined ? undefined : this.r.integer(list[1], subject, 'the range end');
      if (lo === undefined || hi === undefined || list?.length !== 2 || lo > hi || !this.domain(source).integer) {
        this.fail(f.get('range')?.value, 'report.bad-filter', subject, 'a range is [low, high] on an integer item');
        return undefined;
      }
      return { source, codes: [], missing: [], range: [lo, hi], exclude };
    }
    const list = this.codeList(f.get('codes')?.value, source, `${subject}.codes`);
    if (list === undefined) return undefined;
    return { source, codes: list.codes, missing: list.missing, exclude };
  }

  filters(node: YNode | undefined, subject: string): FilterSpec[] | undefined {
    const list = this.r.seq(node ?? null, subject, 'a list of filters');
    if (list === undefined) return undefined;
    const out = list.map((n, i) => this.filter(n, `${subject}[${i + 1}]`));
    return out.every((x) => x !== undefined) ? out : undefined;
  }

  /** `all | asked | answered`, or `{of, where, label}`. */
  base(node: YNode | undefined, subject: string): BaseSpec | undefined {
    const kinds = ['all', 'asked', 'answered'] as const;
    const word = (n: YNode | undefined): BaseSpec['kind'] | undefined => {
      const s = n !== undefined && isScalar(n) ? n.value : undefined;
      const k = kinds.find((x) => x === s);
      if (k === undefined) this.fail(n, 'report.bad-base', subject, `base must be one of ${kinds.join(', ')}, or {of, where, label}`, 'see docs/report-spec.md, "Bases"');
      return k;
    };
    if (node === undefined) return { kind: 'asked', filters: [] };
    if (isMap(node)) {
      const f = this.r.map(node, subject, 'a base', ['of', 'where', 'label'], ['of']);
      if (f === undefined) return undefined;
      const kind = word(f.get('of')?.value);
      const filters = f.has('where') ? this.filters(f.get('where')?.value, `${subject}.where`) : [];
      const description = this.optText(f, 'label', subject);
      if (kind === undefined || filters === undefined) return undefined;
      return description === undefined ? { kind, filters } : { kind, filters, description };
    }
    const kind = word(node);
    return kind === undefined ? undefined : { kind, filters: [] };
  }

  /** A published number or comparison must name a category (and row) its block has. */
  private checkRef(f: Fields, entry: YNode, subject: string, category: string, row: string | undefined, known: Known): void {
    if (category !== '' && !known.categories.includes(category)) this.fail(f.get('category')?.value ?? entry, 'report.unknown-category', subject, `no category '${category}' in this block`, `categories: ${known.categories.join(', ')}`);
    if (row !== undefined && !known.rows.includes(row)) this.fail(f.get('row')?.value ?? entry, 'report.unknown-row', subject, `no row '${row}' in this block`, known.rows.length > 0 ? `rows: ${known.rows.join(', ')}` : 'this block has no battery rows');
  }

  /** `[{text, category?, row?, flagship?}]`: values and decimals read from the printed text. */
  published(node: YNode | undefined, subject: string, defaultCategory: string, known: Known): PublishedSpec[] {
    if (node === undefined) return [];
    const out: PublishedSpec[] = [];
    for (const [i, n] of (this.r.seq(node, subject, "'published'") ?? []).entries()) {
      const where = `${subject}[${i + 1}]`;
      const f = this.r.map(n, where, 'a published number', ['text', 'category', 'row', 'flagship'], ['text']);
      if (f === undefined) continue;
      const text = this.r.string(f.get('text')?.value ?? null, where, "'text'");
      const m = text === undefined ? null : /^(≈\s*)?(\d+(?:\.(\d+))?)$/.exec(text.trim());
      if (text === undefined || m === null) {
        this.fail(f.get('text')?.value, 'report.bad-published', where, `'${text ?? ''}' is not a printed percentage such as "85.6" or "≈ 5"`);
        continue;
      }
      const category = f.has('category') ? (this.r.string(f.get('category')?.value ?? null, where, "'category'") ?? '') : defaultCategory;
      const row = f.has('row') ? this.r.string(f.get('row')?.value ?? null, where, "'row'") : undefined;
      const flagship = f.has('flagship') ? this.r.string(f.get('flagship')?.value ?? null, where, "'flagship'") : undefined;
      this.checkRef(f, n, where, category, row, known);
      out.push({ category, ...(row === undefined ? {} : { row }), text, value: Number(m[2]), decimals: m[3]?.length ?? 0, ...(flagship === undefined ? {} : { flagship }) });
    }
    return out;
  }

  comparisons(node: YNode | undefined, subject: string, defaultCategory: string, known: Known): ComparisonSpec[] {
    if (node === undefined) return [];
    const out: ComparisonSpec[] = [];
    for (const [i, n] of (this.r.seq(node, subject, "'compare'") ?? []).entries()) {
      const where = `${subject}.compare[${i + 1}]`;
      const f = this.r.map(n, where, 'a comparison', ['value', 'unit', 'category', 'row', 'label', 'source'], ['value', 'label', 'source']);
      if (f === undefined) continue;
      const raw = this.r.string(f.get('value')?.value ?? null, where, "'value'");
      const value = raw === undefined ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) this.fail(f.get('value')?.value, 'report.wrong-type', where, "'value' must be a number");
      const unitText = f.has('unit') ? this.r.string(f.get('unit')?.value ?? null, where, "'unit'") : 'percent';
      const unit = unitText === 'number' ? 'number' : 'percent';
      if (unitText !== 'number' && unitText !== 'percent') this.fail(f.get('unit')?.value, 'report.wrong-type', where, "'unit' is percent or number");
      const category = f.has('category') ? (this.r.string(f.get('category')?.value ?? null, where, "'category'") ?? '') : defaultCategory;
      const row = f.has('row') ? this.r.string(f.get('row')?.value ?? null, where, "'row'") : undefined;
      this.checkRef(f, n, where, category, row, known);
      const label = this.text(f.get('label')?.value, `${where}.label`);
      const source = this.text(f.get('source')?.value, `${where}.source`);
      if (label === undefined || source === undefined || !Number.isFinite(value)) continue;
      out.push({ category, ...(row === undefined ? {} : { row }), value, unit, label, source });
    }
    return out;
  }
}
