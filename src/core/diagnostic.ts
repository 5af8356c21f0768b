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
  return Object.fromEntries(codes.map((code) => [code, { en: byLanguage.en[code], ru: byLanguage.ru[code] }])) as Record<K, MessageTemplate>;
}

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

/** `file:line:col: error: item 'x': message (hint)` — the form editors and terminals understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}: ` : '';
  const subject = d.subject === undefined ? '' : `${d.subject}: `;
  const hint = d.hint === undefined ? '' : ` — ${d.hint}`;
  return `${where}${d.severity}: ${subject}${d.message}${hint}`;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');
