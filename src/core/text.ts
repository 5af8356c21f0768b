// Text in several languages, keyed by BCP 47 language code ("ru", "en").

export type LanguageCode = string;

/** One text per declared language; the instrument validator guarantees every declared language is present. */
export type LocalizedText = Readonly<Record<LanguageCode, string>>;

/** The text in `lang`, else in `fallback`, else the first one present. */
export function pick(text: LocalizedText, lang: LanguageCode, fallback?: LanguageCode): string {
  return text[lang] ?? (fallback === undefined ? undefined : text[fallback]) ?? Object.values(text)[0] ?? '';
}
