// The default report.yaml of a new study, made from its instrument: a figure for every question a table can show
// (frequencies with their missing kinds, multiple-response sets, batteries as stacked bars) and the mean of every
// number, titled with the questions' own labels in every language, so a fresh study reports out of the box.

import type { LocalizedText } from '../core/text.ts';
import type { KindModule } from '../instrument/kinds/kind.ts';
import { KINDS } from '../instrument/kinds/registry.ts';
import { isQuestion, type Instrument, type ItemKind, type QuestionItem } from '../instrument/model.ts';

/** A string as a YAML double-quoted scalar (JSON's escapes are YAML's). */
const quote = (s: string): string => JSON.stringify(s);

/** `{ en: "…", ru: "…" }` in the instrument's languages; English words stand in for a language without its own. */
function text(instrument: Instrument, t: LocalizedText | ((lang: string) => string)): string {
  const value = (lang: string): string => (typeof t === 'function' ? t(lang) : (t[lang] ?? ''));
  return `{ ${instrument.languages.map((lang) => `${lang}: ${quote(value(lang))}`).join(', ')} }`;
}

const WORDS: Readonly<Record<string, { subtitle: string; mean: string }>> = {
  en: { subtitle: 'Every question: how it was answered', mean: 'Mean' },
  ru: { subtitle: 'Все вопросы: как на них ответили', mean: 'Среднее' },
};
const words = (lang: string): { subtitle: string; mean: string } => WORDS[lang] ?? WORDS['en'] ?? { subtitle: '', mean: '' };

/** More answers than a chart can show readably (a list of districts, of villages): left to the researcher, who may recode them. */
export const MAX_CATEGORIES = 40;

/** The block that reports an item, or undefined for what no table shows (dates, free text: quoting is the researcher's choice). */
function block(instrument: Instrument, item: QuestionItem): string | undefined {
  const usage = (KINDS[item.kind] as KindModule<ItemKind>).report(item);
  const label = (lang: string): string => item.label[lang] ?? '';
  if (usage.codes.length > MAX_CATEGORIES) return undefined;
  if (usage.codes.length > 0) {
    // Every code, then the missing kinds and the nets (the spec's default categories), of everyone shown the item.
    return `      - figure: ${item.name}\n        title: ${text(instrument, item.label)}\n        item: ${item.name}\n        base: asked\n`;
  }
  if (usage.numeric) {
    const recode = item.kind === 'integer' ? item.recodes[0] : undefined;
    if (recode !== undefined) return `      - figure: ${item.name}\n        title: ${text(instrument, item.label)}\n        item: ${item.name}\n        recode: ${recode.name}\n        base: asked\n`;
    return `      - statement: ${item.name}\n        text: ${text(instrument, (lang) => `${words(lang).mean}: ${label(lang)}`)}\n        item: ${item.name}\n        mean: true\n        base: answered\n        decimals: 1\n`;
  }
  return undefined;
}

/** The default report spec's YAML for `instrument`, with a comment saying how to change it. */
export function defaultReportYaml(instrument: Instrument): string {
  const itemNames = new Set(instrument.sections.flatMap((s) => s.items.map((i) => i.name)));
  const left: string[] = [];
  const sections: string[] = [];
  for (const section of instrument.sections) {
    const blocks: string[] = [];
    for (const item of section.items.filter(isQuestion)) {
      const b = block(instrument, item);
      if (b === undefined) left.push(item.name);
      else blocks.push(b);
    }
    if (blocks.length === 0) continue;
    // Section and block keys share report.json's names: a section named like an item gets a suffix.
    const key = itemNames.has(section.name) ? `${section.name}_section` : section.name;
    sections.push(`  - key: ${key}\n    title: ${text(instrument, section.title)}\n    blocks:\n${blocks.join('')}`);
  }
  const header = [
    '# The default report: a figure for every question (its answers, with "don\'t know", "prefer not to answer"',
    '# and skipped shown apart), the mean of every number. Edit it freely: docs/report-spec.md says what a report',
    '# can hold. Delete a block to leave a question out; change a title in every language.',
    ...(left.length === 0 ? [] : [`# Not in it (dates, free text, more than ${String(MAX_CATEGORIES)} answers): ${left.join(', ')}.`]),
    "# For RDS weights, add 'degree: ITEM' naming the question that asks each respondent's network size.",
  ];
  const body = `${header.join('\n')}
study: ${instrument.study}
title: ${text(instrument, instrument.title)}
subtitle: ${text(instrument, (lang) => words(lang).subtitle)}
sections:${sections.length === 0 ? ' []' : ''}
${sections.join('')}`;
  return `${UNEDITED} ${digest(body)}\n${body}`;
}

/**
 * The first line of a default report spec, with a digest of the rest: while the rest is unchanged the file is the
 * untouched default, and follows the questionnaire when it changes (new languages, items); once edited, it is the researcher's.
 */
const UNEDITED = '# Untouched default report (follows the questionnaire until edited):';

/** FNV-1a, 32 bits, in hex: enough to tell an edit from none (not a security measure). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) h = Math.imul(h ^ unit, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Whether `text` is a default report spec nobody has edited since it was written. */
export function isUntouchedDefault(text: string): boolean {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  return first === `${UNEDITED} ${digest(text.slice(newline + 1))}`;
}
