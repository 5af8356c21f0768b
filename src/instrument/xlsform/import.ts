// Imports an XLSForm (survey, choices, settings) as a portas instrument.yaml, reporting what cannot be carried over by cell.

import { stringify } from 'yaml';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { loadInstrumentYaml } from '../load-yaml.ts';
import { readChoiceLists, type ImportedList } from './choices.ts';
import { translateExpression, type ExprLookup } from './expressions.ts';
import { languageOf } from './languages.ts';
import { SURVEY_TYPES, unsupportedType } from './question-types.ts';
import { otherLabel } from './texts.ts';
import { buildDocument, choiceDoc, chooseLanguages, CODE, listName, type Doc, type Group, type Page } from './document.ts';
import { Table, type Column, type Located, type Row, type Workbook } from './workbook.ts';

export interface ImportOptions {
  /** Map choices such as dont_know, dk, refused, -99 to portas' typed missing values. */
  readonly mapMissing: boolean;
}

export interface ImportResult {
  /** The instrument as YAML (written even when parts could not be carried over). */
  readonly yaml: string;
  readonly diagnostics: readonly Diagnostic[];
  /** "list 'yes_no': dk → don't know", one line per mapped choice name. */
  readonly missingMapping: readonly string[];
  /** Every imported question: its survey row, XLSForm name and portas name. */
  readonly items: readonly { readonly row: number; readonly xlsName: string; readonly name: string }[];
}

const NAME_MAX = 24;

export function importXlsform(book: Workbook, options: ImportOptions): ImportResult {
  const out: Diagnostic[] = [];
  const sheet = (name: string): Table | undefined => {
    const s = book.sheets.find((x) => x.name.trim().toLowerCase() === name);
    return s === undefined ? undefined : new Table(book.file, s);
  };
  const survey = sheet('survey');
  if (survey === undefined) {
    out.push(CODE('no-survey', { file: book.file, sheet: 'survey', row: 1, column: 1 }, undefined, "the workbook has no 'survey' sheet", 'an XLSForm needs the sheets survey, choices and (optionally) settings'));
    return { yaml: '', diagnostics: out, missingMapping: [], items: [] };
  }
  const choicesTable = sheet('choices');
  const settings = sheet('settings');
  const setting = (key: string): string => (settings?.rows[0] === undefined ? '' : settings.text(settings.rows[0], key));
  // A workbook portas exported carries a `portas` column: what XLSForm cannot say, read back verbatim.
  const portasMade = survey.column('portas') !== undefined;
  const portasOf = (table: Table | undefined, row: Row | undefined, at: Located): Doc => {
    const text = table === undefined || row === undefined ? '' : table.text(row, 'portas');
    if (text === '') return {};
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Doc;
    } catch {
      // reported below
    }
    out.push(CODE('portas-column', at, undefined, "the 'portas' cell is not a JSON object and is ignored", 'leave the portas column as portas export-form wrote it'));
    return {};
  };

  // Languages: label columns of the survey sheet; plain `label` is the default language.
  const defaultName = setting('default_language').toLowerCase();
  const defaultCode = languageOf(`label::${defaultName}`, 'label').code ?? 'en';
  const languageColumns = new Map<string, Column>();
  for (const col of survey.languageColumns('label')) {
    const { code, name } = languageOf(col.key, 'label');
    const resolved = col.key === 'label' ? defaultCode : code;
    if (resolved === undefined) out.push(CODE('unknown-language', survey.at(1, col), undefined, `the column '${col.header}' names a language portas cannot tell`, `write it as 'label::${name} (xx)' with the language's two-letter code`, 'warning'));
    else if (!languageColumns.has(resolved)) languageColumns.set(resolved, col);
  }
  const codeOfColumn = (prefix: string, table: Table): Map<string, Column> => {
    const m = new Map<string, Column>();
    for (const col of table.languageColumns(prefix)) {
      const lang = col.key === prefix ? defaultCode : languageOf(col.key, prefix).code;
      if (lang !== undefined && !m.has(lang)) m.set(lang, col);
    }
    return m;
  };
  const hintColumns = codeOfColumn('hint', survey);
  const messageColumns = codeOfColumn('constraint_message', survey);
  const choiceLabelColumns = choicesTable === undefined ? new Map<string, Column>() : codeOfColumn('label', choicesTable);
  const lists = readChoiceLists(choicesTable, [...choiceLabelColumns.values()].map((c) => c.key), options.mapMissing ? 'common' : portasMade ? 'portas' : 'none');

  const texts = (table: Table, row: Row, columns: ReadonlyMap<string, Column>): Record<string, string> => Object.fromEntries([...columns].map(([lang, col]): [string, string] => [lang, table.text(row, col)]).filter(([, t]) => t !== ''));

  // Names: portas needs short lowercase names; XLSForm names are renamed where needed and references follow.
  const usedNames = new Set<string>();
  const portasName = (xls: string, at: Located): string => {
    let base = xls.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
    if (!/^[a-z]/.test(base)) base = `q_${base}`;
    base = base.slice(0, NAME_MAX).replace(/_$/, '');
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base.slice(0, NAME_MAX - String(n).length - 1).replace(/_+$/, '')}_${n}`;
    usedNames.add(name);
    if (name !== xls) out.push(CODE('renamed', at, `item '${xls}'`, `imported as '${name}'`, `portas names are lowercase letters, digits and _, at most ${NAME_MAX} characters (exports need short plain names)`, 'warning'));
    return name;
  };
  const targets = new Map<string, { name: string; codes?: ReadonlyMap<string, number> }>();
  const notImported = new Map<string, string>(); // XLSForm name → why it cannot be referred to
  const lookup: ExprLookup = (xls) => targets.get(xls) ?? notImported.get(xls) ?? `it refers to '${xls}', which is not in the form`;

  const pages: Page[] = [];
  const imported: { row: number; xlsName: string; name: string }[] = [];
  const usedLists = new Map<string, ImportedList>();
  const stack: Group[] = [];
  let repeatDepth = 0;
  let repeatAt: { at: Located; name: string; skipped: string[] } | undefined;
  const metadata: string[] = [];
  let required = 0;
  let firstRequired: Located | undefined;
  const formTitle = setting('form_title') || setting('form_id') || book.file.replace(/\.xlsx$/i, '');

  const newPage = (group: Group | undefined, title: Record<string, string> | undefined, relevance: string | undefined): Page => {
    const base = (group?.name ?? `p${pages.length + 1}`).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '') || `p${pages.length + 1}`;
    let name = base.slice(0, 40);
    for (let n = 2; pages.some((p) => p.name === name); n++) name = `${base.slice(0, 36)}_${n}`;
    const page: Page = { name, title: title ?? {}, items: [], names: new Set(), ...(relevance === undefined ? {} : { relevance }), ...(group === undefined ? {} : { group }) };
    pages.push(page);
    return page;
  };
  const and = (parts: readonly (string | undefined)[]): string | undefined => {
    const present = parts.filter((p): p is string => p !== undefined && p !== '');
    if (present.length === 0) return undefined;
    return present.length === 1 ? present[0] : present.map((p) => (/\bor\b/.test(p) ? `(${p})` : p)).join(' and ');
  };
  const relevanceOf = (row: Row, subject: string): { source?: string; refs: readonly string[] } => {
    const text = survey.text(row, 'relevant');
    if (text === '') return { refs: [] };
    const t = translateExpression(text, lookup);
    if (!t.ok) {
      out.push(CODE('relevance', survey.at(row.row, 'relevant'), subject, `the condition '${text}' cannot be carried over: ${t.error}`, 'the question is imported without it, so everyone is asked: rewrite the condition in instrument.yaml (see docs/xlsform.md)'));
      return { refs: [] };
    }
    return t.value;
  };

  let battery: { row: number; xlsName: string; page: Page; doc: Doc } | undefined;
  const fieldListIndex = (): number => stack.findIndex((g) => g.fieldList);
  const innerGroups = (): Group[] => (fieldListIndex() < 0 ? [] : stack.slice(fieldListIndex() + 1));
  /** Where a question goes: a field-list group is one page (split where a condition needs an answer from it), anything else a page per question. */
  const place = (row: Row, refs: readonly string[]): Page => {
    const fieldList = fieldListIndex();
    const pageGroup = fieldList < 0 ? undefined : stack[fieldList];
    const outer = fieldList < 0 ? stack : stack.slice(0, fieldList + 1);
    const last = pages.at(-1);
    const samePage = last !== undefined && pageGroup !== undefined && last.group === pageGroup && refs.some((r) => last.names.has(r));
    if (last !== undefined && pageGroup !== undefined && last.group === pageGroup && !samePage) return last;
    if (samePage) out.push(CODE('page-split', survey.at(row.row, 'relevant'), `item '${survey.text(row, 'name')}'`, 'the condition refers to a question on the same field-list page, so the page is split before this question', 'with JavaScript off a page cannot change while it is filled in', 'warning'));
    const titled = [...outer].reverse().find((g) => g.label !== undefined);
    return newPage(pageGroup, titled?.label, and(outer.map((g) => g.relevance)));
  };
  /** Portas names of the imported items a text pipes in (`${name}`), for the same-page rule. */
  const pipeRefs = (list: readonly string[]): string[] => list.flatMap((t) => [...t.matchAll(/\$\{([^}]+)\}/g)].flatMap((m) => targets.get((m[1] ?? '').trim())?.name ?? []));
  /** `${name}` in a label: renamed when it is an imported earlier question, else shown as [name] and reported. */
  const pipeText = (text: Record<string, string>, at: Located, subject: string | undefined): Record<string, string> => {
    const missing = new Set<string>();
    const outText = Object.fromEntries(
      Object.entries(text).map(([lang, t]) => [
        lang,
        t.replace(/\$\{([^}]+)\}/g, (_, raw: string) => {
          const target = targets.get(raw.trim());
          if (target !== undefined) return `\${${target.name}}`;
          missing.add(raw.trim());
          return `[${raw.trim()}]`;
        }),
      ]),
    );
    for (const m of missing) out.push(CODE('piping', at, subject, `the text shows \${${m}}, which is not carried over (${notImported.get(m)?.replace(/^it refers to /, '') ?? 'not in the form'}); it reads [${m}]`, 'pipe in an answer to an earlier question, or rewrite the text', 'warning'));
    return outText;
  };

  for (const row of survey.rows) {
    const typeText = survey.text(row, 'type').replace(/\s+/g, ' ');
    const xlsName = survey.text(row, 'name');
    const subject = xlsName === '' ? undefined : `item '${xlsName}'`;
    const at = survey.at(row.row, 'type');
    if (typeText === '') continue;
    const lowered = typeText.toLowerCase();
    const isRequired = /^(yes|true|true\(\))$/i.test(survey.text(row, 'required'));
    if (isRequired) {
      required += 1;
      firstRequired ??= survey.at(row.row, 'required');
    }
    // Repeats: nothing inside is carried over, and every skipped question is named.
    if (lowered === 'begin repeat' || lowered === 'begin_repeat' || lowered.startsWith('begin loop')) {
      if (repeatDepth === 0) repeatAt = { at, name: xlsName, skipped: [] };
      repeatDepth += 1;
      continue;
    }
    if (lowered === 'end repeat' || lowered === 'end_repeat' || lowered === 'end loop') {
      repeatDepth -= 1;
      if (repeatDepth === 0 && repeatAt !== undefined) {
        out.push(CODE('repeat', repeatAt.at, `repeat '${repeatAt.name}'`, `a repeat cannot be carried over; its ${repeatAt.skipped.length} question(s) are not imported: ${repeatAt.skipped.join(', ') || '—'}`, 'ask about one member (the respondent, the eldest child…) or a fixed number of members with separate items'));
        repeatAt = undefined;
      }
      continue;
    }
    if (repeatDepth > 0) {
      if (xlsName !== '' && !lowered.startsWith('end ') && !lowered.startsWith('begin ')) repeatAt?.skipped.push(xlsName);
      if (xlsName !== '') notImported.set(xlsName, `it refers to '${xlsName}', which is inside a repeat`);
      continue;
    }
    if (battery !== undefined) {
      if (lowered === 'end group' || lowered === 'end_group') {
        battery.page.items.push(battery.doc);
        battery.page.names.add(battery.doc['name'] as string);
        imported.push({ row: battery.row, xlsName: battery.xlsName, name: battery.doc['name'] as string });
        battery = undefined;
        continue;
      }
      const scale = SURVEY_TYPES.parse(typeText)?.list;
      const list = scale === undefined ? undefined : lists.get(scale);
      if (list !== undefined) {
        usedLists.set(list.name, list);
        battery.doc['scale'] = listName(list.name);
      }
      const rowName = portasOf(survey, row, at)['row'];
      (battery.doc['rows'] as Doc[]).push({ name: typeof rowName === 'string' ? rowName : xlsName, ...texts(survey, row, languageColumns) });
      imported.push({ row: row.row, xlsName, name: battery.doc['name'] as string });
      continue;
    }
    if (lowered === 'begin group' || lowered === 'begin_group') {
      const extra = portasOf(survey, row, at);
      if (extra['battery'] === true) {
        const own = relevanceOf(row, `item '${xlsName}'`);
        const page = place(row, own.refs);
        const { battery: _flag, ...keys } = extra;
        const label = texts(survey, row, languageColumns);
        const hint = texts(survey, row, hintColumns);
        const name = portasName(xlsName, survey.at(row.row, 'name'));
        battery = { row: row.row, xlsName, page, doc: { name, type: 'battery', label, ...(Object.keys(hint).length > 0 ? { hint } : {}), scale: '', rows: [], ...keys } };
        targets.set(xlsName, { name });
        continue;
      }
      const rel = typeof extra['relevance'] === 'string' ? { source: extra['relevance'] } : relevanceOf(row, `group '${xlsName}'`);
      const label = texts(survey, row, languageColumns);
      stack.push({ name: xlsName, label: Object.keys(label).length > 0 ? label : undefined, relevance: rel.source, fieldList: /field-list/.test(survey.text(row, 'appearance')), at });
      continue;
    }
    if (lowered === 'end group' || lowered === 'end_group') {
      stack.pop();
      continue;
    }
    const kind = SURVEY_TYPES.metadata.has(lowered) ? 'metadata' : lowered;
    if (kind === 'metadata') {
      metadata.push(xlsName || lowered);
      notImported.set(xlsName, `it refers to '${xlsName}', a metadata field portas does not collect`);
      continue;
    }
    if (lowered === 'calculate' || lowered === 'hidden' || lowered.startsWith('calculate ')) {
      out.push(CODE('calculate', at, subject, 'a calculated field is not carried over: portas stores only what respondents answer', 'conditions that use it are reported where they are used; compute it from the dataset after opening', 'warning'));
      notImported.set(xlsName, `it refers to '${xlsName}', a calculated field (not carried over)`);
      continue;
    }
    const unsupported = unsupportedType(lowered);
    if (unsupported !== undefined) {
      out.push(CODE('unsupported-type', at, subject, `type '${typeText}' cannot be carried over: the question is not imported`, unsupported));
      notImported.set(xlsName, `it refers to '${xlsName}', a question of type '${typeText}' that was not imported`);
      continue;
    }
    const parsedType = SURVEY_TYPES.parse(typeText);
    if (parsedType === undefined) {
      out.push(CODE('unknown-type', at, subject, `unknown type '${typeText}': the question is not imported`, 'types portas imports: select_one, select_multiple, integer, decimal, text, note, date'));
      notImported.set(xlsName, `it refers to '${xlsName}', which was not imported`);
      continue;
    }
    if (xlsName === '') {
      out.push(CODE('no-name', survey.at(row.row, 'name'), undefined, 'the row has a type but no name: not imported', 'give it a name'));
      continue;
    }
    for (const [col, problem, what] of [['default', 'default', 'a default value'], ['choice_filter', 'choice-filter', 'choice_filter (all choices are shown)'], ['repeat_count', 'repeat-count', 'repeat_count']] as const) {
      if (survey.text(row, col) !== '') out.push(CODE(problem, survey.at(row.row, col), subject, `${what} is not carried over`, col === 'choice_filter' ? 'split the list into one question per filtering answer, each with a relevance condition' : 'portas questions start empty', col === 'default' ? 'warning' : 'error'));
    }

    const own = relevanceOf(row, subject ?? '');
    const rawLabel = texts(survey, row, languageColumns);
    const rawHint = texts(survey, row, hintColumns);
    const pipes = pipeRefs([...Object.values(rawLabel), ...Object.values(rawHint)]);
    const page = place(row, [...own.refs, ...pipes]);
    const inner = innerGroups();
    const innerRelevance = and([...inner.map((g) => g.relevance), own.source]);

    const label = pipeText(rawLabel, survey.at(row.row, languageColumns.values().next().value ?? 'label'), subject);
    const name = portasName(xlsName, survey.at(row.row, 'name'));
    const item: Doc = { name, type: parsedType.kind, label: Object.keys(label).length > 0 ? label : { [defaultCode]: xlsName } };
    if (Object.keys(label).length === 0) out.push(CODE('no-label', survey.at(row.row, languageColumns.values().next().value ?? 'label'), subject, 'the question has no label: its name is used', 'write the question text in the label column', 'warning'));
    const hint = pipeText(rawHint, survey.at(row.row, hintColumns.values().next().value ?? 'hint'), subject);
    if (Object.keys(hint).length > 0) item['hint'] = hint;
    if (innerRelevance !== undefined) item['relevance'] = innerRelevance;
    if (isRequired && parsedType.kind !== 'note') item['ask_again'] = true;

    let codes: ReadonlyMap<string, number> | undefined;
    if (parsedType.list !== undefined) {
      const list = lists.get(parsedType.list);
      if (list === undefined) {
        out.push(CODE('unknown-list', at, subject, `choice list '${parsedType.list}' is not on the choices sheet: the question is not imported`, 'add the list to the choices sheet'));
        notImported.set(xlsName, `it refers to '${xlsName}', whose choice list is missing`);
        usedNames.delete(name);
        continue;
      }
      usedLists.set(list.name, list);
      item['choices'] = listName(list.name);
      codes = list.codes;
      if (list.missing.size > 0) {
        const kinds = new Set(list.missing.values());
        if (kinds.has('dont_know')) item['dont_know'] = true;
        if (kinds.has('refused')) item['refused'] = true;
      }
      if (parsedType.orOther) {
        const otherCode = Math.max(0, ...list.choices.map((c) => c.code)) + 1;
        item['choices'] = [...list.choices.map((c) => choiceDoc(c.code, c.labels, choiceLabelColumns)), { code: otherCode, ...otherLabel([...choiceLabelColumns.keys()]) }];
        item['other'] = { code: otherCode };
        codes = new Map([...list.codes, ['other', otherCode]]);
      }
      if (/randomize\s*=\s*true/i.test(survey.text(row, 'parameters'))) item['shuffle'] = true;
    }
    const appearance = survey.text(row, 'appearance');
    if (parsedType.kind === 'text' && /multiline/.test(appearance)) item['type'] = 'long_text';
    if (parsedType.kind === 'date') item['precision'] = /month-year/.test(appearance) ? 'month' : /\byear\b/.test(appearance) ? 'year' : 'day';
    if (parsedType.kind === 'integer' || parsedType.kind === 'decimal') Object.assign(item, { min: 0, max: 999999999 });

    const constraintText = survey.text(row, 'constraint');
    // A workbook portas exported carries the constraint as written in its portas column; its constraint column is for ODK.
    if (constraintText !== '' && parsedType.kind !== 'note' && !portasMade) {
      const t = translateExpression(constraintText, (x) => (x === xlsName ? { name, ...(codes ? { codes } : {}) } : lookup(x)), xlsName);
      if (!t.ok || t.value.refs.some((r) => r !== name)) {
        out.push(CODE('constraint', survey.at(row.row, 'constraint'), subject, `the constraint '${constraintText}' is not carried over: ${t.ok ? 'it compares with other answers' : t.error}`, 'portas constraints check the answer itself (.); compare with earlier answers through a follow-up question', 'warning'));
      } else {
        const message = texts(survey, row, messageColumns);
        item['constraint'] = { check: t.value.source.split(`\${${name}}`).join('.'), message: Object.keys(message).length > 0 ? message : { [defaultCode]: 'Please check this answer.' } };
      }
    }
    Object.assign(item, portasOf(survey, row, at));
    targets.set(xlsName, { name, ...(codes ? { codes } : {}) });
    imported.push({ row: row.row, xlsName, name });
    page.items.push(item);
    page.names.add(name);
  }

  if (metadata.length > 0) out.push(CODE('metadata', survey.at(1, 'type'), undefined, `not collected: ${metadata.join(', ')}`, 'portas stores no device ids, precise times, locations or audit logs (see docs/threat-model.md)', 'warning'));
  if (firstRequired !== undefined) out.push(CODE('required', firstRequired, undefined, `${required} question(s) are marked required; portas never forces an answer: each is imported with ask_again (left empty, it is asked once more, then a skip is accepted)`, 'remove ask_again where a second asking is not worth it', 'warning'));

  const languages = chooseLanguages(pages, usedLists, languageColumns, choiceLabelColumns, defaultCode, survey, out);
  const fromPortas = portasOf(settings, settings?.rows[0], { file: book.file, sheet: 'settings', row: 2, column: 1 });
  const doc = buildDocument(book, setting, formTitle, languages, pages, usedLists, choiceLabelColumns, out, fromPortas);
  const yaml = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  const check = loadInstrumentYaml(yaml, 'instrument.yaml');
  for (const d of check.diagnostics) out.push({ ...d, message: `the imported instrument.yaml does not pass check: ${d.message}` });
  const missingMapping = [...usedLists.values()].flatMap((l) => [...l.missing].map(([n, m]) => `list '${l.name}': ${n} → ${m === 'dont_know' ? "don't know" : 'prefer not to answer'}`));
  return { yaml, diagnostics: out, missingMapping, items: imported };
}
