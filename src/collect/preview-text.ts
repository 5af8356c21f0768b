// A plain-text preview of a questionnaire, page by page, as a researcher reviews it before fieldwork.

import { pick, type LanguageCode } from '../core/text.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import type { Instrument, Item } from '../instrument/model.ts';

const OFFER_LABEL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dont_know: { ru: 'Затрудняюсь ответить', en: "Don't know" },
  refused: { ru: 'Предпочитаю не отвечать', en: 'Prefer not to answer' },
};

export function previewText(instrument: Instrument, lang: LanguageCode): string {
  const t = (text: Readonly<Record<string, string>>): string => pick(text, lang, instrument.languages[0]);
  const out: string[] = [];
  out.push(`# ${t(instrument.title)}  [${instrument.study} ${instrument.version}, ${lang}]`, '', t(instrument.texts.intro), `(${t(instrument.texts.skipReminder)} ${t(instrument.texts.stopReminder)})`);
  instrument.sections.forEach((section, p) => {
    out.push('', `## ${p + 1}. ${t(section.title)}${section.relevance ? `   [if ${section.relevance.source}]` : ''}`);
    for (const item of section.items) out.push(...previewItem(item, t, lang));
  });
  out.push('', `— ${t(instrument.texts.thanks)}`);
  return out.join('\n');
}

function previewItem(item: Item, t: (text: Readonly<Record<string, string>>) => string, lang: LanguageCode): string[] {
  const flags = [item.flags.quasiIdentifier ? 'QI' : '', item.flags.sensitive ? 'sensitive' : ''].filter(Boolean).join(', ');
  const head = `${item.kind === 'note' ? 'ℹ' : '•'} ${t(item.label)}  {${item.name}: ${item.kind}${flags ? `; ${flags}` : ''}}${item.relevance ? `  [if ${item.relevance.source}]` : ''}`;
  const lines = [head];
  if (item.hint) lines.push(`    ${t(item.hint)}`);
  if (item.askAgain === true) lines.push('    [asked again once if skipped]');
  if (item.constraint) lines.push(`    [check: ${item.constraint.source} — “${t(item.constraint.message)}”]`);
  lines.push(...kindOf(item).preview(item, t));
  for (const offer of item.offers) lines.push(`    ( ) ${OFFER_LABEL[offer]?.[lang] ?? OFFER_LABEL[offer]?.['en'] ?? offer}`);
  return lines;
}
