// Numbers disclosure control withheld from a report: the placeholder a reader sees, the note under the report, and
// one located warning per figure, statement, association or text that lost a number, in words a researcher can act on.

import type { Diagnostic, SourcePosition } from '../core/diagnostic.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { Cell, ReportBlock, ReportModel } from './model.ts';

/** What the reader sees in a text where a withheld number would stand. */
export function hiddenPlaceholder(lang: LanguageCode, minCell: number): string {
  return lang === 'ru' ? `[скрыто: меньше ${minCell} респондентов в ячейке]` : `[hidden: fewer than ${minCell} respondents in a cell]`;
}

/** Finds the placeholders of either language in a text (the renderer marks them). */
export const PLACEHOLDER = /\[(?:hidden: fewer than|скрыто: меньше) \d+ [^\]]*\]/g;

/** The disclosure note for a text that lost numbers: "Summary: 2 numbers in the text hidden …". */
export function hiddenTextLine(name: LocalizedText, count: number, minCell: number, languages: readonly string[]): LocalizedText {
  return Object.fromEntries(
    languages.map((lang) => [
      lang,
      lang === 'ru'
        ? `${name[lang] ?? ''}: в тексте скрыто чисел — ${count} (меньше ${minCell} респондентов в ячейке или позволили бы вычислить такую)`
        : `${name[lang] ?? ''}: ${count} number(s) in the text hidden (fewer than ${minCell} respondents in a cell, or would reveal one)`,
    ]),
  );
}

/** How a text of the spec is named to a reader of the report and of a warning. */
export function textName(subject: string, sectionTitle: LocalizedText | undefined, languages: readonly string[]): LocalizedText {
  return Object.fromEntries(languages.map((lang) => [lang, sectionTitle === undefined ? (lang === 'ru' ? 'Кратко' : 'Summary') : `${lang === 'ru' ? 'Раздел' : 'Section'} «${sectionTitle[lang] ?? subject}»`]));
}

export interface HiddenInText {
  /** `summary` or `sections.<key>.narrative`: also the key of its position. */
  readonly subject: string;
  readonly name: LocalizedText;
  /** The withheld references, each once, in the order written. */
  readonly paths: readonly string[];
}

/** One warning for a text that quotes withheld numbers, at its line of report.yaml. */
export function hiddenTextWarning(h: HiddenInText, model: ReportModel, minCell: number, position: SourcePosition | undefined): Diagnostic {
  const what = h.paths.map((p) => `{${p}}${describePath(p, model)}`).join(', ');
  return {
    code: 'report.hidden-in-text',
    severity: 'warning',
    subject: h.name['en'] ?? h.subject,
    message: `${what}: fewer than ${String(minCell)} respondents in a cell, or it would reveal such a cell`,
    hint: 'the report says so in place of the number; when more responses are in, the number comes back by itself. To drop it now, delete the sentence from the text',
    ...(position === undefined ? {} : { position }),
  };
}

/** " (Fig. 3 “Education”, category higher)": the figure or statement a report.json path points into. */
function describePath(path: string, model: ReportModel): string {
  const [group, key, ...rest] = path.split('.');
  const block = model.sections.flatMap((s) => s.blocks).find((b) => b.key === key);
  if (block === undefined || (group !== 'figures' && group !== 'statements' && group !== 'associations')) return '';
  const category = rest.includes('cells') ? rest[rest.indexOf('cells') + 1] : rest.includes('groups') ? rest[rest.indexOf('groups') + 1] : undefined;
  return ` (${blockLabel(block)}${category === undefined ? '' : `, ${category}`})`;
}

function blockLabel(block: ReportBlock): string {
  switch (block.kind) {
    case 'figure':
      return `${block.number === undefined ? 'figure' : `Fig. ${String(block.number)}`} “${block.title['en'] ?? block.key}”`;
    case 'statement':
      return `statement '${block.key}'`;
    case 'association':
      return `association '${block.key}'`;
    case 'population':
    case 'quotes':
      return block.key;
  }
}

const hiddenCount = (cells: readonly Cell[]): number => cells.filter((c) => c.percent === null).length;

/** One warning per figure, statement or association with cells withheld, at the block's line of report.yaml. */
export function hiddenBlockWarnings(model: ReportModel, positions: ReadonlyMap<string, SourcePosition> | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const minCell = model.disclosure.minCell;
  for (const block of model.sections.flatMap((s) => s.blocks)) {
    const cells = block.kind === 'figure' ? block.rows.flatMap((r) => Object.values(r.cells)) : block.kind === 'statement' ? [block.cell] : block.kind === 'association' ? block.groups.map((g) => g.cell) : [];
    const hidden = hiddenCount(cells);
    if (hidden === 0) continue;
    const position = positions?.get(block.key);
    const all = hidden === cells.length;
    out.push({
      code: 'report.hidden-cells',
      severity: 'warning',
      subject: blockLabel(block),
      message: `${String(hidden)} of ${String(cells.length)}: fewer than ${String(minCell)} respondents in a cell, or they would reveal such a cell`,
      hint: all
        ? 'none of its numbers can be shown yet: wait for more responses, or delete the block from report.yaml'
        : 'the rest is shown; wait for more responses, or show fewer, larger categories (under categories:, or a net of codes)',
      ...(position === undefined ? {} : { position }),
    });
  }
  return out;
}
