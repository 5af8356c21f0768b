// Syntax files beside the data: SPSS/PSPP `.sps` beside a .sav, an R script (haven + survey) beside data.csv. They load
// the file, declare labels and missing values in the file's language, and the sampling design its design variables carry.

import type { Dataset, Variable } from '../analysis/dataset.ts';
import { MISSING_CODE } from '../instrument/missing.ts';
import { missingLabel, substantiveLabels } from './labels.ts';
import type { DesignDeclaration } from './release.ts';
import { fittedLabel, type Treatments } from './variable-labels.ts';

/** SPSS string literal: single quotes doubled; line breaks become spaces (a literal may not span lines). */
const spssString = (s: string): string => `'${s.replace(/[\r\n]+/g, ' ').replaceAll("'", "''")}'`;
/** R string literal with escapes for backslash, quote and control characters. */
const rString = (s: string): string => JSON.stringify(s);

const numeric = (v: Variable): boolean => v.type !== 'text';
const missingCodes = (v: Variable): number[] => [...new Set(v.missingKinds.map((k) => MISSING_CODE[k]))].sort((a, b) => a - b);
const valueLabels = (v: Variable, lang: string): [number, string][] =>
  substantiveLabels(v, lang).length === 0 && v.type !== 'numeric' ? [] : [...substantiveLabels(v, lang), ...v.missingKinds.map((k): [number, string] => [MISSING_CODE[k], missingLabel(k, lang)])];

/**
 * `.sps` for the .sav: GET FILE, then VARIABLE LABELS, VALUE LABELS and MISSING VALUES for every variable, as the
 * file holds them (re-declaring them restores them after an analyst's edits). `names` are the .sav's names.
 */
export function spssSyntax(d: Dataset, file: string, names: ReadonlyMap<string, string>, lang: string, treatments?: Treatments, design?: DesignDeclaration): string {
  const name = (v: Variable): string => names.get(v.name) ?? v.name;
  const lines = [
    '* Encoding: UTF-8.',
    `* ${d.study} ${d.instrumentVersion}${d.synthetic ? ' (SYNTHETIC data, not real responses)' : ''}: written by portas beside ${file}; codebook.html describes every variable.`,
    `* Missing codes: ${Object.entries(MISSING_CODE).map(([k, c]) => `${String(c)} ${missingLabel(k as keyof typeof MISSING_CODE, lang)}`).join('; ')}.`,
    `GET FILE=${spssString(file)}.`,
    'VARIABLE LABELS',
    ...d.variables.map((v, i) => `  ${i === 0 ? '' : '/'}${name(v)} ${spssString(fittedLabel(v, d, lang, { bytes: 255 }, treatments?.get(v.name)))}`),
    '.',
  ];
  const labelled = d.variables.filter((v) => numeric(v) && valueLabels(v, lang).length > 0);
  if (labelled.length > 0) {
    lines.push('VALUE LABELS');
    labelled.forEach((v, i) => {
      lines.push(`  ${i === 0 ? '' : '/'}${name(v)}`, ...valueLabels(v, lang).map(([code, text]) => `    ${String(code)} ${spssString(text)}`));
    });
    lines.push('.');
  }
  const withMissing = d.variables.filter((v) => numeric(v) && v.missingKinds.length > 0);
  for (const v of withMissing) {
    const codes = missingCodes(v);
    const spec = codes.length <= 3 ? codes.join(', ') : `${String(codes[0])} THRU ${String(codes[codes.length - 1])}`;
    lines.push(`MISSING VALUES ${name(v)} (${spec}).`);
  }
  // SPSS takes WEIGHT BY as frequency weights: the shares come out as the report's, the standard errors do not.
  if (design !== undefined) {
    lines.push(`* RDS-II weight: ${names.get(design.weight) ?? design.weight} (1 / network size). WEIGHT BY it gives the report’s shares, not its intervals (use R survey or Stata svy).`);
    if (design.rakeWeight !== undefined) lines.push(`* Raked weight: ${names.get(design.rakeWeight) ?? design.rakeWeight} (the RDS-II weight raked to ${(design.rake ?? []).map((m) => m.variable).join(', ')}).`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An R script for data.csv: reads it with the declared column types and makes each numeric variable a
 * `haven::labelled_spss` with its label, value labels and missing codes (user-missing: `is.na()` is TRUE for them,
 * `haven::zap_missing()` turns them into NA).
 */
export function rScript(d: Dataset, file: string, lang: string, treatments?: Treatments, design?: DesignDeclaration): string {
  const designNames = new Set(design === undefined ? [] : [design.weight, design.ssWeight, design.rakeWeight, ...(design.replicates ?? [])].filter((x) => x !== undefined));
  const classes = d.variables.map((v) => `${rString(v.name)} = ${numeric(v) ? '"numeric"' : '"character"'}`).join(', ');
  const lines = [
    `# ${d.study} ${d.instrumentVersion}${d.synthetic ? ' (SYNTHETIC data, not real responses)' : ''}: written by portas beside ${file}; codebook.html describes every variable.`,
    '# Run from this folder: source("load.R") leaves the data in `d`.',
    'library(haven)',
    `d <- utils::read.csv(${rString(file)}, encoding = "UTF-8", fileEncoding = "UTF-8-BOM", check.names = FALSE, na.strings = character(0), colClasses = c(${classes}))`,
  ];
  for (const v of d.variables) {
    const label = rString(fittedLabel(v, d, lang, { chars: 100_000 }, treatments?.get(v.name)));
    // Weights stay plain numbers (survey takes them as they are), with their label as an attribute.
    if (!numeric(v) || designNames.has(v.name)) {
      lines.push(`attr(d[[${rString(v.name)}]], "label") <- ${label}`);
      continue;
    }
    const labels = valueLabels(v, lang);
    const labelVector = labels.length === 0 ? 'NULL' : `c(${labels.map(([code, text]) => `${rString(text)} = ${String(code)}`).join(', ')})`;
    const codes = missingCodes(v);
    const na = codes.length === 0 ? 'NULL' : `c(${codes.join(', ')})`;
    lines.push(`d[[${rString(v.name)}]] <- labelled_spss(d[[${rString(v.name)}]], labels = ${labelVector}, na_values = ${na}, label = ${label})`);
  }
  if (design !== undefined) lines.push(...rDesign(design));
  return `${lines.join('\n')}\n`;
}

/** The R survey designs a release's design variables declare, one object each. */
function rDesign(design: DesignDeclaration): string[] {
  const lines = [
    '# The sampling design, as the report estimates it. Shares over those who answered an item x:',
    '#   svymean(~I(zap_missing(x) == 1), subset(design, !is.na(zap_missing(x))))',
    'library(survey)',
    `design <- svydesign(ids = ~1, weights = ~${design.weight}, data = d)  # RDS-II: 1 / network size`,
  ];
  if (design.ssWeight !== undefined) lines.push(`design_ss <- svydesign(ids = ~1, weights = ~${design.ssWeight}, data = d)  # successive sampling (Gile)`);
  if (design.rakeWeight !== undefined) {
    const margins = design.rake ?? [];
    lines.push(
      `design_raked <- svydesign(ids = ~1, weights = ~${design.rakeWeight}, data = d)  # RDS-II raked to the margins below`,
      '# The same weights from the RDS-II design and the population margins:',
      `#   rake(design, list(${margins.map((m) => `~${m.variable}`).join(', ')}), list(${margins.map((m) => `data.frame(${m.variable} = c(${Object.keys(m.targets).join(', ')}), Freq = c(${Object.values(m.targets).join(', ')}))`).join(', ')}))`,
    );
  }
  if (design.replicates !== undefined && design.replicates.length > 0) {
    lines.push(
      '# Tree-bootstrap replicate weights (replicate count × RDS-II weight), as the report draws its intervals:',
      `design_boot <- svrepdesign(data = d, weights = ~${design.weight}, repweights = "^rep_[0-9]+$", type = "bootstrap", combined.weights = TRUE)`,
    );
  }
  if (design.chain !== undefined || design.wave !== undefined) lines.push(`# Recruitment: ${[design.chain, design.wave].filter((x) => x !== undefined).join(' and ')} (chains are numbered for this release only).`);
  return lines;
}
