// Diagnostics: precise, located messages for researchers (file:line:col, item, hint).

export type Severity = 'error' | 'warning';

export interface SourcePosition {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface Diagnostic {
  /** Stable code from a module's message catalogue, e.g. `instrument.unknown-reference`. */
  readonly code: string;
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
