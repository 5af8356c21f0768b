// The disclosure log's opening summary: what the gate did to each variable and how many checks passed, before the tables.

import type { MicrodataLog } from './disclosure-log.ts';

export interface VariableActions {
  readonly variable: string;
  /** In the order the gate works: withheld, recoded, top/bottom coded, suppressed. */
  readonly actions: readonly string[];
}

export interface LogCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface LogSummary {
  readonly variables: readonly VariableActions[];
  readonly checks: readonly LogCheck[];
}

const plural = (n: number, one: string, many: string): string => `${String(n)} ${n === 1 ? one : many}`;

/** Per variable, what was withheld, recoded, top-coded or suppressed; and each check (k, then l per sensitive variable). */
export function logSummary(log: MicrodataLog): LogSummary {
  const byVariable = new Map<string, string[]>();
  const add = (variable: string, action: string): void => {
    const list = byVariable.get(variable);
    if (list === undefined) byVariable.set(variable, [action]);
    else list.push(action);
  };
  for (const d of log.dropped) add(d.variable, d.reason === 'free-text' ? 'withheld (free text)' : 'withheld (system variable)');
  for (const r of log.recoded) add(r.variable, `recoded with ${r.recode} (${String(r.categoriesBefore)} → ${String(r.categoriesAfter)} categories)`);
  for (const t of log.topCoded) {
    if (t.topCoded > 0) add(t.variable, `top-coded at ${String(t.top ?? '')} (${plural(t.topCoded, 'value', 'values')})`);
    if (t.bottomCoded > 0) add(t.variable, `bottom-coded at ${String(t.bottom ?? '')} (${plural(t.bottomCoded, 'value', 'values')})`);
  }
  for (const s of log.suppressed) if (s.count > 0) add(s.variable, `${plural(s.count, 'value', 'values')} suppressed`);
  const k = log.policy.k;
  const checks: LogCheck[] = [
    { name: `k-anonymity (k = ${String(k)})`, passed: log.after.kViolations === 0, detail: `smallest key frequency ${String(log.after.kAchieved)}, ${plural(log.after.kViolations, 'record', 'records')} in keys below k` },
    ...log.after.lDiversity.map((d) => ({ name: `l-diversity of ${d.variable} (l = ${String(log.policy.l)})`, passed: d.violations === 0, detail: `smallest distinct l ${String(d.minimum)}, ${plural(d.violations, 'record', 'records')} below l` })),
  ];
  return { variables: [...byVariable].map(([variable, actions]) => ({ variable, actions })), checks };
}

/** Unmet l-diversity checks named in the summary; the rest are counted (the full tables follow). */
const FAILED_LISTED = 10;

/** The line that closes the summary in the Markdown (a thematic break). */
export const SUMMARY_END = '---';

/** The summary as the Markdown that opens disclosure-log.md (and the studio's export log). */
export function renderLogSummary(log: MicrodataLog): string[] {
  const s = logSummary(log);
  const lines = ['## Summary', ''];
  if (s.variables.length === 0) lines.push('No variable was withheld, recoded, top-coded or suppressed.', '');
  else {
    lines.push('| variable | what the gate did |', '|---|---|');
    for (const v of s.variables) lines.push(`| ${v.variable} | ${v.actions.join('; ')} |`);
    lines.push('');
  }
  // k is enforced, l only reported: saying "48 failed" of a reported measure reads as a failed export to a non-programmer.
  const [kCheck, ...lChecks] = s.checks;
  if (kCheck !== undefined) lines.push(`${kCheck.passed ? 'Met' : 'NOT MET'}: ${kCheck.name}, enforced: ${kCheck.detail}.`, '');
  const below = lChecks.filter((c) => !c.passed);
  if (lChecks.length > 0) {
    lines.push(`Reported, not enforced: l-diversity of sensitive variables (l = ${String(log.policy.l)}): ${String(lChecks.length - below.length)} of ${String(lChecks.length)} met.${below.length === 0 ? '' : ` In ${String(below.length)}, some records' answer can be inferred by anyone who knows their quasi-identifiers; recoding or withholding a quasi-identifier raises l:`}`, '');
    for (const c of below.slice(0, FAILED_LISTED)) lines.push(`- ${c.name}: ${c.detail}.`);
    if (below.length > FAILED_LISTED) lines.push(`- and ${String(below.length - FAILED_LISTED)} more (the tables below list every one).`);
    if (below.length > 0) lines.push('');
  }
  // A rule ends the summary: the studio shows what is above it and folds the full log below it.
  lines.push(SUMMARY_END, '');
  return lines;
}
