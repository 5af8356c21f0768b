// An instrument as an XLSForm (survey, choices, settings) in ODK/Kobo conventions; a `portas` column keeps what XLSForm cannot say.

import type { LocalizedText } from '../../core/text.ts';
import { kindOf } from '../kinds/registry.ts';
import type { Choice, Instrument, Item } from '../model.ts';
import { portasKeys } from './item-doc.ts';
import type { Cell, Sheet } from './workbook.ts';

const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', ru: 'Russian', uk: 'Ukrainian', sr: 'Serbian', fr: 'French', ar: 'Arabic', es: 'Spanish', de: 'German', tr: 'Turkish', fa: 'Persian', pt: 'Portuguese', be: 'Belarusian', ka: 'Georgian', hy: 'Armenian', kk: 'Kazakh' };
const MISSING_LABELS: Readonly<Record<'dont_know' | 'refused', LocalizedText>> = {
  dont_know: { ru: 'Затрудняюсь ответить', en: "Don't know" },
  refused: { ru: 'Предпочитаю не отвечать', en: 'Prefer not to answer' },
};

/** `label::Russian (ru)`: a name people read and the code the importer reads back. */
export const languageHeader = (prefix: string, code: string): string => `${prefix}::${LANGUAGE_NAMES[code] ?? code} (${code})`;

const json = (doc: Record<string, unknown>): string => (Object.keys(doc).length === 0 ? '' : JSON.stringify(doc));

export function exportXlsform(instrument: Instrument): Sheet[] {
  const langs = instrument.languages;
  const surveyHeader = ['type', 'name', ...langs.map((l) => languageHeader('label', l)), ...langs.map((l) => languageHeader('hint', l)), 'relevant', 'constraint', ...langs.map((l) => languageHeader('constraint_message', l)), 'appearance', 'parameters', 'portas'];
  const survey: Cell[][] = [surveyHeader];
  const choices: Cell[][] = [['list_name', 'name', ...langs.map((l) => languageHeader('label', l))]];
  const texts = (t: LocalizedText | undefined): Cell[] => langs.map((l) => t?.[l] ?? null);
  const row = (type: string, name: string, label: LocalizedText | undefined, extra: { hint?: LocalizedText | undefined; relevant?: string; constraint?: string; message?: LocalizedText; appearance?: string; parameters?: string; portas?: string } = {}): void => {
    survey.push([type, name, ...texts(label), ...texts(extra.hint), extra.relevant ?? null, extra.constraint ?? null, ...texts(extra.message), extra.appearance ?? null, extra.parameters ?? null, extra.portas ?? null]);
  };
  const list = (name: string, items: readonly Choice[], offers: ReadonlySet<'dont_know' | 'refused'> = new Set()): void => {
    for (const c of items) choices.push([name, String(c.code), ...texts(c.label)]);
    // Don't-know and refused as choices, so a pilot in ODK or Kobo offers them too; portas reads them back as typed missing values.
    for (const m of offers) choices.push([name, m, ...langs.map((l) => MISSING_LABELS[m][l] ?? MISSING_LABELS[m]['en'] ?? m)]);
  };

  for (const section of instrument.sections) {
    row('begin group', section.name, section.title, { appearance: 'field-list', ...(section.relevance ? { relevant: section.relevance.source, portas: json({ relevance: section.relevance.source }) } : {}) });
    for (const item of section.items) exportItem(item, row, list);
    row('end group', '', undefined);
  }
  const settings: Cell[][] = [
    ['form_title', 'form_id', 'version', 'default_language', 'style', 'portas'],
    [instrument.title[langs[0]] ?? '', instrument.study, instrument.version, languageHeader('x', langs[0]).slice(3), 'pages', JSON.stringify({ study: instrument.study, title: instrument.title, texts: { intro: instrument.texts.intro, skip_reminder: instrument.texts.skipReminder, stop_reminder: instrument.texts.stopReminder, thanks: instrument.texts.thanks }, ...(instrument.about === undefined ? {} : { about: instrument.about }) })],
  ];
  return [
    { name: 'survey', rows: survey },
    { name: 'choices', rows: choices },
    { name: 'settings', rows: settings },
  ];
}

type RowWriter = (type: string, name: string, label: LocalizedText | undefined, extra?: { hint?: LocalizedText | undefined; relevant?: string; constraint?: string; message?: LocalizedText; appearance?: string; parameters?: string; portas?: string }) => void;
type ListWriter = (name: string, items: readonly Choice[], offers?: ReadonlySet<'dont_know' | 'refused'>) => void;

function exportItem(item: Item, row: RowWriter, list: ListWriter): void {
  const portas = portasKeys(item);
  const { type, columns = {} } = kindOf(item).xlsform(item);
  const relevant = item.relevance?.source;
  const constraint = item.constraint?.source ?? columns['constraint'];
  const common = { hint: item.hint, ...(relevant ? { relevant } : {}), ...(constraint ? { constraint } : {}), ...(item.constraint ? { message: item.constraint.message } : {}), ...(columns['appearance'] ? { appearance: columns['appearance'] } : {}), ...(columns['parameters'] ? { parameters: columns['parameters'] } : {}) };
  if (item.kind === 'battery') {
    // XLSForm has no matrix: a field-list group of select_one rows over one scale list.
    row('begin group', item.name, item.label, { ...common, appearance: 'field-list', portas: json({ ...portas, battery: true }) });
    list(`${item.name}_scale`, item.scale, item.offers);
    for (const r of item.rows) row(`select_one ${item.name}_scale`, `${item.name}_${r.name}`, r.label, { portas: json({ row: r.name }) });
    row('end group', '', undefined);
    return;
  }
  if (item.kind === 'single' || item.kind === 'multiple') list(item.name, item.choices, item.offers);
  row(type, item.name, item.label, { ...common, portas: json(portas) });
}
