// The imported questionnaire as an instrument.yaml document: languages every text has, choice lists, pages.

import type { XlsformProblem } from './codes.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { ImportedList } from './choices.ts';
import { defaultTexts } from './texts.ts';
import { sheetDiagnostic, type Column, type Located, type Table, type Workbook } from './workbook.ts';

export type Doc = Record<string, unknown>;
export interface Page {
  name: string;
  title: Record<string, string>;
  relevance?: string;
  items: Doc[];
  /** Portas names of the items on the page, for the same-page rule. */
  names: Set<string>;
  /** The group that makes this a field-list page, if any. */
  group?: Group;
}
export interface Group {
  readonly name: string;
  readonly label: Record<string, string> | undefined;
  readonly relevance: string | undefined;
  readonly fieldList: boolean;
  readonly at: Located;
}

export const CODE = (d: XlsformProblem, at: Located, subject: string | undefined, msg: string, hint?: string, severity: 'error' | 'warning' = 'error'): Diagnostic => sheetDiagnostic(severity, `xlsform.${d}`, at, subject, msg, hint);

export const listName = (xls: string): string => {
  const n = xls.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '');
  return n === '' ? 'list' : n;
};

export function choiceDoc(code: number, labels: ReadonlyMap<string, string>, columns: ReadonlyMap<string, Column>): Doc {
  const out: Doc = { code };
  for (const [lang, col] of columns) {
    const text = labels.get(col.key) ?? '';
    if (text !== '') out[lang] = text;
  }
  return out;
}

/**
 * The languages every imported text has. A language column left empty (or partly filled) is dropped
 * with a warning naming the first empty cell: portas shows every respondent every text in their language.
 */
export function chooseLanguages(pages: readonly Page[], lists: ReadonlyMap<string, ImportedList>, columns: ReadonlyMap<string, Column>, choiceColumns: ReadonlyMap<string, Column>, defaultCode: string, survey: Table, out: Diagnostic[]): string[] {
  const complete: string[] = [];
  for (const [lang, col] of columns) {
    const missingItems = pages.flatMap((p) => p.items).filter((i) => (i['label'] as Record<string, string>)[lang] === undefined);
    const missingChoices = [...lists.values()].flatMap((l) => l.choices.filter((c) => (c.labels.get(choiceColumns.get(lang)?.key ?? '') ?? '') === ''));
    if (missingItems.length === 0 && (lists.size === 0 || (choiceColumns.has(lang) && missingChoices.length === 0))) complete.push(lang);
    else out.push(CODE('incomplete-language', survey.at(1, col), undefined, `language '${lang}' (${col.header}) is left out: ${missingItems.length} question label(s) and ${missingChoices.length} choice label(s) are empty`, 'fill the column and import again; every respondent sees every text in their language', 'warning'));
  }
  if (complete.length === 0) complete.push(defaultCode);
  complete.sort((a, b) => (a === defaultCode ? -1 : b === defaultCode ? 1 : 0));
  return complete;
}

export function buildDocument(book: Workbook, setting: (k: string) => string, formTitle: string, languages: readonly string[], pages: readonly Page[], lists: ReadonlyMap<string, ImportedList>, choiceColumns: ReadonlyMap<string, Column>, out: Diagnostic[], fromPortas: Doc): Doc {
  const only = (t: Record<string, string>): Record<string, string> => Object.fromEntries(languages.map((l) => [l, t[l] ?? t[languages[0] ?? ''] ?? Object.values(t)[0] ?? '']));
  const every = (text: string): Record<string, string> => Object.fromEntries(languages.map((l) => [l, text]));
  const study = (setting('form_id') || book.file).toLowerCase().replace(/\.xlsx$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'imported';
  const choiceLists: Doc = {};
  for (const list of lists.values()) {
    choiceLists[listName(list.name)] = list.choices.map((c) => {
      const labels = Object.fromEntries([...choiceColumns].map(([lang, col]): [string, string] => [lang, c.labels.get(col.key) ?? '']).filter(([, t]) => t !== ''));
      if (Object.keys(labels).length > 0) return { code: c.code, ...only(labels) };
      out.push(CODE('no-label', c.at, `choice list '${list.name}'`, `choice '${c.name}' has no label: its name is shown`, 'write the label in the choices sheet', 'warning'));
      return { code: c.code, ...every(c.name) };
    });
  }
  const defaults = defaultTexts(languages);
  const texts = fromPortas['texts'] ?? defaults.texts;
  const untranslated = fromPortas['texts'] === undefined ? defaults.untranslated : [];
  if (untranslated.length > 0) out.push(CODE('texts', { file: book.file, sheet: 'settings', row: 1, column: 1 }, undefined, `the standard texts (intro, skip and stop reminders, thanks) are in English for ${untranslated.join(', ')}`, "translate 'texts' in instrument.yaml before fieldwork", 'warning'));
  return {
    study: typeof fromPortas['study'] === 'string' ? fromPortas['study'] : study,
    version: setting('version') || '1',
    languages,
    title: fromPortas['title'] ?? every(formTitle),
    texts,
    ...(fromPortas['about'] === undefined ? {} : { about: fromPortas['about'] }),
    ...(Object.keys(choiceLists).length > 0 ? { choice_lists: choiceLists } : {}),
    sections: pages.map((p) => ({
      name: p.name,
      title: Object.keys(p.title).length > 0 ? only(p.title) : every(formTitle),
      ...(p.relevance === undefined ? {} : { relevance: p.relevance }),
      items: p.items.map((i) => localise(i, only)),
    })),
  };
}

/** Keeps each text of an item in the chosen languages only (filling a missing one from the first). */
function localise(item: Doc, only: (t: Record<string, string>) => Record<string, string>): Doc {
  const out: Doc = { ...item, label: only(item['label'] as Record<string, string>) };
  if (item['hint'] !== undefined) out['hint'] = only(item['hint'] as Record<string, string>);
  const c = item['constraint'] as { check: string; message: Record<string, string> } | undefined;
  if (c !== undefined) out['constraint'] = { check: c.check, message: only(c.message) };
  if (Array.isArray(item['choices'])) out['choices'] = (item['choices'] as Doc[]).map((ch) => ({ code: ch['code'], ...only(Object.fromEntries(Object.entries(ch).filter(([k]) => k !== 'code')) as Record<string, string>) }));
  return out;
}
