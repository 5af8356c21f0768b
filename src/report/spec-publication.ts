// The parts of a report spec that make the report a publication: the RDS diagnostics' key variables and the researcher's STROBE-RDS answers.

import type { LocalizedText } from '../core/text.ts';
import type { YNode } from '../instrument/yaml-reader.ts';
import type { DiagnosticsVariableSpec } from './spec.ts';
import type { SpecContext } from './spec-context.ts';
import { STROBE_IDS } from './strobe.ts';

/** `diagnostics: [{ key, item, recode?, title }]`: single-choice items (or recodes) whose RDS diagnostics the report shows. */
export function readDiagnostics(ctx: SpecContext, node: YNode | undefined): DiagnosticsVariableSpec[] {
  if (node === undefined) return [];
  const out: DiagnosticsVariableSpec[] = [];
  for (const [i, n] of (ctx.r.seq(node, 'diagnostics', "'diagnostics'") ?? []).entries()) {
    const subject = `diagnostics[${i + 1}]`;
    const f = ctx.r.map(n, subject, 'a diagnostics variable', ['key', 'item', 'recode', 'title'], ['key', 'item', 'title']);
    if (f === undefined) continue;
    const key = ctx.key(f, subject);
    const title = ctx.text(f.get('title')?.value, `${subject}.title`);
    const source = ctx.source(f, subject, false);
    if (key === undefined || title === undefined || source === undefined) continue;
    const item = ctx.items.get(source.item);
    if (source.recode === undefined && item?.kind !== 'single') {
      ctx.fail(f.get('item')?.value, 'report.wrong-item-kind', `${subject}.item`, `item '${source.item}' is ${item?.kind ?? 'unknown'}; diagnostics need a single-choice item or a recode`);
      continue;
    }
    const categories = ctx.domain(source).codes.map((c) => ({ key: String(c.code), label: c.label }));
    out.push({ key, title, source, categories });
  }
  return out;
}

/** `strobe: { <item id>: { ru, en } }`: the researcher's answer to the STROBE-RDS items the data cannot give. */
export function readStrobe(ctx: SpecContext, node: YNode | undefined): Readonly<Record<string, LocalizedText>> {
  if (node === undefined) return {};
  const f = ctx.r.map(node, 'strobe', "'strobe'", STROBE_IDS);
  if (f === undefined) return {};
  const out: Record<string, LocalizedText> = {};
  for (const [id, field] of f) {
    const text = ctx.text(field.value, `strobe.${id}`);
    if (text !== undefined) out[id] = text;
  }
  return out;
}
