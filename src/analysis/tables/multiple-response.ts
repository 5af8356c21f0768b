// Multiple-response sets: each option as a share of respondents and as a share of all mentions.

import type { Diagnostic } from '../../core/diagnostic.ts';
import type { LocalizedText } from '../../core/text.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { MISSING_INDEX, type MissingKind } from '../../instrument/missing.ts';
import type { Dataset, IndicatorVariable } from '../dataset.ts';
import { checkWeights, findVariable, inBase, makeBase, SHOWN_MISSING, type TableBase, type TableOptions } from './base.ts';

export interface MultipleResponseRow {
  readonly variable: string;
  readonly code: number;
  readonly label: LocalizedText;
  readonly n: number;
  readonly weighted?: number;
  /** Share of the base's respondents who chose it (the column sums to more than 1). */
  readonly shareOfRespondents: number;
  /** Share of all mentions (sums to 1). */
  readonly shareOfMentions: number;
}

export interface MultipleResponseTable {
  readonly set: string;
  readonly label: LocalizedText;
  readonly base: TableBase;
  readonly weighted: boolean;
  readonly rows: readonly MultipleResponseRow[];
  /** Under the `asked` base: respondents in the base who gave no substantive answer, by kind. */
  readonly missing: readonly { readonly kind: MissingKind; readonly n: number; readonly weighted?: number; readonly shareOfRespondents: number }[];
  readonly mentions: { readonly n: number; readonly weighted?: number };
}

/** The table of a `multiple` set; the item's missing status is read from its first indicator. */
export function multipleResponse(dataset: Dataset, setName: string, options: TableOptions = {}): Result<MultipleResponseTable, Diagnostic> {
  const bad = checkWeights(dataset, options.weights);
  if (bad !== undefined) return err(bad);
  const set = dataset.sets.find((s) => s.name === setName);
  if (set?.kind !== 'multiple') return err({ code: 'analysis.unknown-set', severity: 'error', message: `no multiple-response set named '${setName}'`, subject: setName });
  const vars: IndicatorVariable[] = [];
  for (const name of set.variables) {
    const v = findVariable(dataset, name, ['indicator'] as const);
    if (!v.ok) return v;
    vars.push(v.value);
  }
  const first = vars[0];
  if (first === undefined) return err({ code: 'analysis.empty-set', severity: 'error', message: `set '${setName}' has no variables`, subject: setName });
  const base = options.base ?? 'asked';
  const weights = options.weights;
  const weighted = weights !== undefined;
  const counts = vars.map(() => ({ n: 0, w: 0 }));
  const missing = new Map<MissingKind, { n: number; w: number }>(SHOWN_MISSING.map((k) => [k, { n: 0, w: 0 }]));
  let baseN = 0;
  let baseW = 0;
  for (let i = 0; i < dataset.n; i++) {
    if (!inBase(first.missing, i, base)) continue;
    const w = weights === undefined ? 1 : (weights[i] ?? 0);
    baseN++;
    baseW += w;
    const m = first.missing[i] ?? 0;
    if (m !== 0) {
      const c = missing.get(SHOWN_MISSING.find((k) => MISSING_INDEX[k] === m) ?? 'skipped');
      if (c !== undefined) {
        c.n++;
        c.w += w;
      }
      continue;
    }
    vars.forEach((v, j) => {
      if ((v.missing[i] ?? 0) === 0 && v.values[i] === 1) {
        const c = counts[j];
        if (c !== undefined) {
          c.n++;
          c.w += w;
        }
      }
    });
  }
  const mentionsN = counts.reduce((s, c) => s + c.n, 0);
  const mentionsW = counts.reduce((s, c) => s + c.w, 0);
  const pick = (c: { n: number; w: number }): number => (weighted ? c.w : c.n);
  const denom = weighted ? baseW : baseN;
  const mentions = weighted ? mentionsW : mentionsN;
  return ok({
    set: set.name, label: set.label, base: makeBase(base, baseN, baseW, weighted), weighted,
    rows: vars.map((v, j) => {
      const c = counts[j] ?? { n: 0, w: 0 };
      return { variable: v.name, code: v.option.code, label: v.option.label, n: c.n, ...(weighted ? { weighted: c.w } : {}), shareOfRespondents: pick(c) / denom, shareOfMentions: mentions > 0 ? pick(c) / mentions : Number.NaN };
    }),
    missing: base === 'asked' ? SHOWN_MISSING.map((k) => {
      const c = missing.get(k) ?? { n: 0, w: 0 };
      return { kind: k, n: c.n, ...(weighted ? { weighted: c.w } : {}), shareOfRespondents: pick(c) / denom };
    }) : [],
    mentions: weighted ? { n: mentionsN, weighted: mentionsW } : { n: mentionsN },
  });
}
