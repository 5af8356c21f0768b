// The Stata do-file beside a .dta: opens it, declares labels (every label language) and missing values, and svysets the design.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { MISSING_INDEX } from '../../instrument/missing.ts';
import { missingLabel, substantiveLabels } from '../labels.ts';
import type { DesignDeclaration } from '../release.ts';
import { fittedLabel, type Treatments } from '../variable-labels.ts';
import { dtaLanguages, valueLabelSets } from './languages.ts';
import { STATA_MISSING, dtaNames } from './write.ts';

/**
 * A Stata string: compound double quotes hold any `"`; a backslash keeps `$` and the backtick from starting a macro
 * (Stata expands macros inside do-file strings); line breaks become spaces.
 */
export const stataString = (s: string): string => `\`"${s.replace(/[\r\n]+/g, ' ').replace(/([`$])/g, '\\$1')}"'`;

const LONG_CODE_LIMIT = 2147483620;

function valueLabelLines(v: Variable, set: string, lang: string): string[] {
  const entries = substantiveLabels(v, lang).filter(([code]) => Number.isInteger(code) && Math.abs(code) < LONG_CODE_LIMIT);
  if (entries.length === 0) return [];
  const pairs = [...entries.map(([code, text]) => `${String(code)} ${stataString(text)}`), ...v.missingKinds.map((k) => `${STATA_MISSING[k]} ${stataString(missingLabel(k, lang))}`)];
  return [`label define ${set} ${pairs.join(' ')}, replace`];
}

/**
 * `.do` for the .dta: `use`, then per label language (the one in force last) `label variable`, `label define` and
 * `label values` as the file holds them, the missing kinds as extended missing values, and `svyset` with the design
 * variables: the RDS-II weight, with the tree-bootstrap replicate weights when the release carries them.
 */
export function stataSyntax(d: Dataset, file: string, lang: string, treatments?: Treatments, design?: DesignDeclaration): string {
  const names = dtaNames(d);
  const name = (n: string): string => names.get(n) ?? n;
  const languages = dtaLanguages(d, lang);
  const sets = valueLabelSets(d, names, languages);
  const lines = [
    `* ${d.study} ${d.instrumentVersion}${d.synthetic ? ' (SYNTHETIC data, not real responses)' : ''}: written by portas beside ${file}; codebook.html describes every variable.`,
    `* Missing kinds are extended missing values: ${Object.entries(STATA_MISSING).map(([k, dot]) => `${dot} ${missingLabel(k as keyof typeof MISSING_INDEX, lang)}`).join('; ')}.`,
    'version 14',
    `use ${stataString(file)}, clear`,
  ];
  for (const l of [...languages.slice(1), languages[0] ?? lang]) {
    lines.push(`label language ${l}`);
    for (const v of d.variables) {
      lines.push(`label variable ${name(v.name)} ${stataString(fittedLabel(v, d, l, { chars: 80, bytes: 320 }, treatments?.get(v.name)))}`);
      const set = sets.get(v.name)?.get(l);
      if (set === undefined || v.type === 'text') continue;
      const define = valueLabelLines(v, set, l);
      if (define.length > 0) lines.push(...define, `label values ${name(v.name)} ${set}`);
    }
  }
  if (design !== undefined) {
    const reps = design.replicates ?? [];
    const first = reps[0];
    const last = reps[reps.length - 1];
    lines.push(`* The sampling design: RDS-II weights (1 / network size), as the report estimates.`);
    if (first !== undefined && last !== undefined) {
      lines.push(`* Tree-bootstrap replicate weights (replicate count × RDS-II weight), as the report draws its intervals:`, `svyset [pweight=${name(design.weight)}], vce(bootstrap) bsrweight(${name(first)}-${name(last)})`);
    } else lines.push(`svyset [pweight=${name(design.weight)}]`);
    if (design.ssWeight !== undefined) lines.push(`* Successive-sampling weights instead: svyset [pweight=${name(design.ssWeight)}]`);
    if (design.rakeWeight !== undefined) lines.push(`* Raked to ${(design.rake ?? []).map((m) => m.variable).join(', ')} instead: svyset [pweight=${name(design.rakeWeight)}]`);
  }
  return `${lines.join('\n')}\n`;
}
