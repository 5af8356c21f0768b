// The report's disclosure log (disclosure-log.md beside it): the rules its tables passed and what each cost.

import { pick, type LanguageCode } from '../core/text.ts';
import type { ReportModel } from './model.ts';

export function reportDisclosureLog(model: ReportModel, lang: LanguageCode = 'en'): string {
  const lines = [`# Disclosure log: report of ${model.study}`, ''];
  if (model.synthetic) lines.push('**Synthetic data: generated replica, not real respondents.**', '');
  lines.push(
    `Policy: every published count of 1 to ${String(model.disclosure.minCell - 1)} respondents is suppressed, and so is any other cell that, with the margins, would give it away (secondary suppression); microdata releases must reach k = ${String(model.disclosure.k)} on the quasi-identifiers (their own logs, beside each export).`,
    '',
    '## What the report withheld or coarsened',
    '',
  );
  if (model.disclosure.lines.length === 0) lines.push('- nothing: every table passed as it was');
  for (const line of model.disclosure.lines) lines.push(`- ${pick(line, lang)}`);
  lines.push('', 'Every suppressed cell reads "suppressed" in the report and `null` in report.json.', '');
  return lines.join('\n');
}
