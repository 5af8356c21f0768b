// One finding of `portas doctor`: ok, warning (weakens a promise or cannot be checked here) or failed (breaks one),
// with the hint that says what to do. Shared by the store checks and the deployment checks.

export type Level = 'ok' | 'warning' | 'failed';

export interface Finding {
  readonly level: Level;
  /** `level === 'ok'`: what `portas serve` warns about at start-up is everything not ok. */
  readonly ok: boolean;
  readonly what: string;
  /** Why it matters and what to do, when not ok. */
  readonly detail?: string;
}

export const good = (what: string): Finding => ({ level: 'ok', ok: true, what });
export const bad = (what: string, detail: string): Finding => ({ level: 'failed', ok: false, what, detail });
export const weak = (what: string, detail: string): Finding => ({ level: 'warning', ok: false, what, detail });

/** `ok` when `test` holds, else a failure (or a warning) with `detail`. */
export const expect = (test: boolean, what: string, detail: string, level: 'failed' | 'warning' = 'failed'): Finding =>
  test ? good(what) : level === 'failed' ? bad(what, detail) : weak(what, detail);

const LABEL: Readonly<Record<Level, string>> = { ok: 'ok     ', warning: 'WARNING', failed: 'FAILED ' };

/** The findings as `portas doctor` prints them, one a line, the hint indented below. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${LABEL[f.level]} ${f.what}${f.detail === undefined ? '' : `\n        ${f.detail}`}`).join('\n');
}

export function summary(findings: readonly Finding[]): string {
  const failed = findings.filter((f) => f.level === 'failed').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  if (failed + warnings === 0) return `portas doctor: ${String(findings.length)} checks, nothing wrong found`;
  return `portas doctor: ${String(failed)} failed, ${String(warnings)} warning(s) of ${String(findings.length)} checks`;
}

export const asJson = (f: Finding): { level: Level; what: string; hint?: string } => ({ level: f.level, what: f.what, ...(f.detail === undefined ? {} : { hint: f.detail }) });
