// XLSForm language columns (`label::English (en)`, `label::Arabic`, plain `label`) as portas language codes.

/** Language names common in XLSForms, for columns that give a name but no code. */
const BY_NAME: Readonly<Record<string, string>> = {
  english: 'en', french: 'fr', francais: 'fr', français: 'fr', arabic: 'ar', russian: 'ru', ukrainian: 'uk', serbian: 'sr', spanish: 'es', espanol: 'es', español: 'es',
  portuguese: 'pt', swahili: 'sw', kiswahili: 'sw', chinese: 'zh', hindi: 'hi', indonesian: 'id', nepali: 'ne', amharic: 'am', tigrinya: 'ti', tigirigna: 'ti', tigrigna: 'ti',
  oromo: 'om', oromiffa: 'om', afaan_oromo: 'om', somali: 'so', turkish: 'tr', persian: 'fa', farsi: 'fa', dari: 'prs', pashto: 'ps', urdu: 'ur', bengali: 'bn', burmese: 'my',
  kurdish: 'ku', kurmanji: 'kmr', sorani: 'ckb', hausa: 'ha', german: 'de', italian: 'it', polish: 'pl', georgian: 'ka', armenian: 'hy', kazakh: 'kk', uzbek: 'uz', belarusian: 'be', romanian: 'ro', lingala: 'ln', sango: 'sg', kinyarwanda: 'rw',
};

export interface LanguageColumn {
  /** The portas code (`en`), or undefined when the column names no language portas can tell. */
  readonly code: string | undefined;
  /** What the spreadsheet calls it (`English (en)`), or '' for a plain `label` column. */
  readonly name: string;
}

/** The language of `label::English (en)` (after normaliseHeader: `label::english (en)`); `label` alone is ''. */
export function languageOf(key: string, prefix: string): LanguageColumn {
  if (key === prefix) return { code: undefined, name: '' };
  const name = key.slice(prefix.length + 2).trim();
  const coded = /\(([a-z]{2,3}(?:-[a-z0-9]+)*)\)\s*$/.exec(name);
  if (coded?.[1] !== undefined) return { code: coded[1], name };
  if (/^[a-z]{2,3}$/.test(name)) return { code: name, name };
  return { code: BY_NAME[name.replace(/\s+/g, '_')], name };
}
