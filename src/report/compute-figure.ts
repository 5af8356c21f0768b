// A figure of the report: per row, the base, the cells of its categories (protected), their RDS-weighted shares.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { LocalizedText } from '../core/text.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import { compositeSuppressed, countTrue, makeCell, protectPartition, protectShare, reportBase } from './cells.ts';
import { baseMask, inCategory, type Columns } from './columns.ts';
import type { Cell, Comparison, FigureModel, FigureRow } from './model.ts';
import type { ComparisonSpec, FigureSpec, SourceSpec } from './spec.ts';
import { weightedShare, type RdsWeighting } from './weighting.ts';

export interface ComputeEnv {
  readonly columns: Columns;
  readonly weighting: RdsWeighting | undefined;
  readonly policy: DisclosurePolicy;
  readonly languages: readonly string[];
  /** Every figure's number in this report, in reading order (the original report's is the spec's `number`). */
  readonly figureNumbers: ReadonlyMap<string, number>;
  /** What disclosure control did, one line per block that it touched. */
  readonly disclosure: LocalizedText[];
}

export const comparisonOf = (c: ComparisonSpec): Comparison => ({ category: c.category, ...(c.row === undefined ? {} : { row: c.row }), value: c.value, unit: c.unit, label: c.label, source: c.source });

/** "Fig. 4" / "Рис. 4", or the block's title in quotation marks: what a reader of the log can find in the report. */
export function blockName(title: LocalizedText, number: number | undefined, lang: string): string {
  if (number !== undefined) return lang === 'ru' ? `Рис. ${number}` : `Fig. ${number}`;
  const text = title[lang] ?? Object.values(title)[0] ?? '';
  return lang === 'ru' ? `«${text}»` : `“${text}”`;
}

export function suppressionLine(env: ComputeEnv, name: (lang: string) => string, suppressed: number, cells: number): LocalizedText {
  const k = env.policy.minCell;
  return Object.fromEntries(
    env.languages.map((lang) => [
      lang,
      lang === 'ru'
        ? `${name(lang)}: скрыто ячеек — ${suppressed} из ${cells} (меньше ${k} респондентов или позволили бы вычислить такую)`
        : `${name(lang)}: ${suppressed} of ${cells} cells suppressed (fewer than ${k} respondents, or would reveal one)`,
    ]),
  );
}

const numbered = (n: number | undefined): { number?: number } => (n === undefined ? {} : { number: n });

export function computeFigure(spec: FigureSpec, env: ComputeEnv): Result<FigureModel, Diagnostic[]> {
  const rows: FigureRow[] = [];
  let suppressed = 0;
  let cellCount = 0;
  for (const row of spec.rows) {
    const source: SourceSpec = spec.chart === 'stacked' ? { ...spec.source, row: row.key } : spec.source;
    const col = env.columns.get(source);
    if (!col.ok) return err([col.error]);
    const base = baseMask(env.columns, source, spec.base);
    if (!base.ok) return err([base.error]);
    const n = countTrue(base.value);
    const masks = spec.categories.map((c) => base.value.map((b, i) => b && inCategory(col.value, c, i)));
    const counts = masks.map(countTrue);
    let hidden: boolean[];
    if (spec.chart === 'multi') {
      hidden = [];
      for (const [k, c] of spec.categories.entries()) {
        const s = protectShare(env.policy, `${spec.key}.${c.key}`, counts[k] ?? 0, n);
        if (!s.ok) return s;
        hidden.push(s.value);
      }
    } else {
      const h = protectRow(env.policy, `${spec.key}.${row.key}`, col.value.missing, col.value.codes, base.value, masks, counts);
      if (!h.ok) return h;
      hidden = h.value;
    }
    const cells: Record<string, Cell> = {};
    spec.categories.forEach((c, k) => {
      const mask = masks[k] ?? [];
      const isHidden = hidden[k] === true;
      const weighted = env.weighting === undefined ? undefined : isHidden ? null : weightedShare(env.weighting, base.value, mask, spec.decimals);
      cells[c.key] = makeCell(counts[k] ?? 0, n, spec.decimals, isHidden, weighted);
    });
    suppressed += hidden.filter(Boolean).length;
    cellCount += spec.categories.length;
    rows.push({ key: row.key, label: row.label, base: reportBase(spec.base, n, env.languages), cells });
  }
  const notes = [...spec.notes];
  if (suppressed > 0) {
    const line = suppressionLine(env, (lang) => blockName(spec.title, env.figureNumbers.get(spec.key), lang), suppressed, cellCount);
    notes.push(line);
    env.disclosure.push(line);
  }
  return ok({
    kind: 'figure',
    key: spec.key,
    ...numbered(env.figureNumbers.get(spec.key)),
    ...(spec.number === undefined ? {} : { originalNumber: spec.number }),
    title: spec.title,
    items: [spec.source.item],
    chart: spec.chart,
    categories: spec.categories.map((c) => ({ key: c.key, label: c.label, kind: c.kind })),
    rows,
    comparisons: spec.comparisons.map(comparisonOf),
    published: spec.published,
    notes,
  });
}

/**
 * One row of a bar or stacked figure: the base's partition into atoms (each code, each missing
 * kind) goes through the release gate as one table; a category is withheld with its atom, or by
 * the composite rule when it joins several.
 */
function protectRow(
  policy: DisclosurePolicy,
  title: string,
  missing: Uint8Array,
  codes: readonly (readonly number[])[],
  base: readonly boolean[],
  masks: readonly (readonly boolean[])[],
  counts: readonly number[],
): Result<boolean[], Diagnostic[]> {
  const atomOf = new Map<string, number>();
  const atomRows: number[][] = [];
  base.forEach((b, i) => {
    if (!b) return;
    const key = (missing[i] ?? 0) !== 0 ? `m${missing[i] ?? 0}` : `c${(codes[i] ?? []).join(',')}`;
    let a = atomOf.get(key);
    if (a === undefined) {
      a = atomRows.length;
      atomOf.set(key, a);
      atomRows.push([]);
    }
    atomRows[a]?.push(i);
  });
  const s = protectPartition(policy, title, atomRows.map((r) => r.length));
  if (!s.ok) return s;
  return ok(
    masks.map((mask, k) => {
      const member = atomRows.map((r) => r.length > 0 && mask[r[0] ?? 0] === true);
      const inside = member.filter(Boolean).length;
      if (inside === 1) return s.value[member.indexOf(true)] === true;
      return compositeSuppressed(member, s.value, counts[k] ?? 0, policy.minCell);
    }),
  );
}

