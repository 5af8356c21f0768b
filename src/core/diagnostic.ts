// Diagnostics: precise, located messages for researchers (file:line:col, item, hint).

export type Severity = 'error' | 'warning';

export interface SourcePosition {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** The languages every diagnostic can be shown in (the CLI's and the report's). */
export const UI_LANGUAGES = ['en', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A code's message in each UI language; `{subject}` stands for what the diagnostic is about. */
export type MessageTemplate = Readonly<Record<UiLanguage, string>>;

/**
 * A domain's codes and their message templates, built from one record per language so that the type checker
 * refuses a code missing in any language.
 */
export function catalogue<K extends string>(byLanguage: { readonly [L in UiLanguage]: Readonly<Record<K, string>> }): Readonly<Record<K, MessageTemplate>> {
  const codes = Object.keys(byLanguage.en) as K[];
  const made = Object.fromEntries(codes.map((code) => [code, { en: byLanguage.en[code], ru: byLanguage.ru[code] }])) as Record<K, MessageTemplate>;
  for (const code of codes) TEMPLATES.set(code, made[code]);
  return made;
}

/**
 * Every template by code, filled as each domain's catalogue is built (core may name no domain): the one source
 * renderDiagnostic reads. A diagnostic can only exist once its domain's module, and so its catalogue, is loaded.
 */
const TEMPLATES = new Map<string, MessageTemplate>();

/**
 * The catalogues of all domains, by domain: each domain's `codes.ts` adds its own here by module augmentation
 * (core names no domain), and `DiagnosticCode` is the union of their codes.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the domains' codes.ts
export interface DiagnosticCodes {}

export type DiagnosticCode = { readonly [D in keyof DiagnosticCodes]: keyof DiagnosticCodes[D] }[keyof DiagnosticCodes];

/** The code's template in `lang`, with `{subject}` filled in (or dropped with the space before it). */
export function renderTemplate(template: MessageTemplate, lang: UiLanguage, subject?: string): string {
  return template[lang].replace(/ ?\{subject\}/g, (m) => (subject === undefined ? '' : m.replace('{subject}', subject))).trim();
}

export interface Diagnostic {
  /** Stable code from a domain's catalogue (`src/<domain>/codes.ts`), e.g. `instrument.unknown-reference`. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly position?: SourcePosition;
  /** The item (or other named thing) the diagnostic is about. */
  readonly subject?: string;
  /** What to do about it. */
  readonly hint?: string;
}

const SEVERITY: Readonly<Record<UiLanguage, Readonly<Record<Severity, string>>>> = {
  en: { error: 'error', warning: 'warning' },
  ru: { error: 'ошибка', warning: 'предупреждение' },
};

/**
 * `file:line:col: error: <the code's message in lang, about subject>: <detail> — <hint>`, the form editors and
 * terminals understand. The message comes from the code's catalogue template; `d.message` is the particular detail
 * (a value, a limit), shown after it unless it only repeats the template. The CLI and any other front end render
 * diagnostics through this one function, so they say the same thing.
 */
export function renderDiagnostic(d: Diagnostic, lang: UiLanguage): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}: ` : '';
  const template = TEMPLATES.get(d.code);
  const headline = template === undefined ? `${d.subject === undefined ? '' : `${d.subject}: `}${d.message}` : renderTemplate(template, lang, d.subject);
  const subjectShown = template === undefined || d.subject === undefined || headline.includes(d.subject);
  const about = subjectShown ? '' : ` (${d.subject ?? ''})`;
  const repeats = template === undefined || d.message === '' || d.message === renderTemplate(template, 'en', d.subject);
  const detail = repeats ? '' : `: ${d.message}`;
  const hint = d.hint === undefined ? '' : ` — ${d.hint}`;
  return `${where}${SEVERITY[lang][d.severity]}: ${headline}${about}${detail}${hint}`;
}

let printLanguage: UiLanguage = 'en';

/** The language formatDiagnostic prints in: the CLI sets it once at start (`PORTAS_LANG=ru`); English by default. */
export function setDiagnosticLanguage(lang: UiLanguage): void {
  printLanguage = lang;
}

export const isUiLanguage = (x: string | undefined): x is UiLanguage => (UI_LANGUAGES as readonly (string | undefined)[]).includes(x);

/** A diagnostic as the CLI prints it: renderDiagnostic in the language set for printing. */
export const formatDiagnostic = (d: Diagnostic): string => renderDiagnostic(d, printLanguage);

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');
