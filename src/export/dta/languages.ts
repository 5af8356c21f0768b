// Stata label languages: every study language in one .dta, as `label language` keeps them (characteristics + one value-label set per language).

import type { Dataset } from '../../analysis/dataset.ts';
import { ByteWriter, utf8Prefix } from '../bytes.ts';
import { isLabelLanguage, substantiveLabels } from '../labels.ts';
import { fitNames } from '../names.ts';

/** A Stata characteristic: `_dta[name]` (variable `_dta`) or `variable[name]`. */
export interface Characteristic {
  readonly variable: string;
  readonly name: string;
  readonly contents: string;
}

/** The languages a .dta labels in: the dataset's, those portas has fixed labels in, `current` first. */
export function dtaLanguages(dataset: Dataset, current: string): string[] {
  return [current, ...dataset.languages.filter((l) => l !== current && isLabelLanguage(l))];
}

/**
 * Value-label set names per labelled variable and language: `<name>_<lang>` fitted to Stata's 32 characters, unique
 * among themselves and the variable names. Keyed by portas variable name, then language.
 */
export function valueLabelSets(dataset: Dataset, names: ReadonlyMap<string, string>, languages: readonly string[]): Map<string, Map<string, string>> {
  const labelled = dataset.variables.filter((v) => v.type !== 'text' && languages.some((l) => substantiveLabels(v, l).length > 0));
  const wanted = labelled.flatMap((v) => languages.map((l) => `${(names.get(v.name) ?? v.name).slice(0, 32 - l.length - 1)}_${l}`));
  const fitted = fitNames(wanted, 32, new Set(names.values()));
  const out = new Map<string, Map<string, string>>();
  labelled.forEach((v, i) => {
    out.set(v.name, new Map(languages.map((l, j) => [l, fitted[i * languages.length + j] ?? `${v.name}_${l}`])));
  });
  return out;
}

/**
 * What Stata's `label language` stores for the languages not in force: `_dta[_lang_list]` (all, in order),
 * `_dta[_lang_c]` (the one in force), and per other language `_dta[_lang_v_<lang>]` (the data label),
 * `<var>[_lang_v_<lang>]` (the variable label) and `<var>[_lang_l_<lang>]` (the value-label set's name) — `v` for
 * the label text, `l` for the label set, as Stata's own codebook.ado reads them.
 */
export function languageCharacteristics(
  dataLabel: string,
  languages: readonly string[],
  variables: readonly { readonly name: string; readonly label: (lang: string) => string; readonly sets: ReadonlyMap<string, string> | undefined }[],
): Characteristic[] {
  const [current = 'default'] = languages;
  const out: Characteristic[] = [
    { variable: '_dta', name: '_lang_list', contents: languages.join(' ') },
    { variable: '_dta', name: '_lang_c', contents: current },
  ];
  for (const l of languages.slice(1)) {
    out.push({ variable: '_dta', name: `_lang_v_${l}`, contents: dataLabel });
    for (const v of variables) {
      out.push({ variable: v.name, name: `_lang_v_${l}`, contents: v.label(l) });
      const set = v.sets?.get(l);
      if (set !== undefined) out.push({ variable: v.name, name: `_lang_l_${l}`, contents: set });
    }
  }
  return out;
}

/** The `<characteristics>` section's entries (dta 117+: `<ch>`, length, variable[129], name[129], contents\0, `</ch>`). */
export function writeCharacteristics(w: ByteWriter, characteristics: readonly Characteristic[]): void {
  for (const c of characteristics) {
    const contents = utf8Prefix(c.contents, 67_783);
    w.ascii('<ch>').u32(129 + 129 + contents.length + 1);
    w.fixed(utf8Prefix(c.variable, 128), 129).fixed(utf8Prefix(c.name, 128), 129).bytes(contents).u8(0);
    w.ascii('</ch>');
  }
}
