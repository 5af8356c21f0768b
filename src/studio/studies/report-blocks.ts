// The Report tab's list of figures: each block of report.yaml with a box to keep it and its title in every language,
// for a researcher who would rather not edit YAML. Saved through the same check as the text editor; comments kept.

import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { readReportSpecText, saveReportSpec } from '../../study/report-spec.ts';
import { csrfField, escapeHtml, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { studyDir } from '../workspace.ts';
import type { RefusedEdit } from './report-editor.ts';

const KINDS = ['figure', 'statement', 'association', 'population', 'quotes'] as const;
/** The field holding a block's heading: a statement's text, an association's claim. */
const HEADING: Readonly<Record<(typeof KINDS)[number], string>> = { figure: 'title', statement: 'text', association: 'claim', population: 'title', quotes: 'title' };

interface ListedBlock {
  readonly key: string;
  readonly kind: (typeof KINDS)[number];
  readonly map: YAMLMap;
  /** The section's list of blocks it stands in. */
  readonly parent: YAMLSeq;
  /** The heading's text per language, when it is a plain `{ lang: text }` map. */
  readonly heading: ReadonlyMap<string, string>;
}

/** Every block of the document, in order, with where it stands. */
function blocksOf(doc: Document): ListedBlock[] {
  const out: ListedBlock[] = [];
  const sections = doc.get('sections');
  if (!isSeq(sections)) return out;
  for (const section of sections.items) {
    const blocks = isMap(section) ? section.get('blocks') : undefined;
    if (!isSeq(blocks)) continue;
    for (const map of blocks.items) {
      if (!isMap(map)) continue;
      const kind = KINDS.find((k) => map.has(k));
      const key = kind === undefined ? undefined : map.get(kind);
      if (kind === undefined || typeof key !== 'string') continue;
      const node = map.get(HEADING[kind]);
      const heading = new Map<string, string>();
      if (isMap(node)) for (const pair of node.items) if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') heading.set(String(pair.key.value), pair.value.value);
      out.push({ key, kind, map, parent: blocks, heading });
    }
  }
  return out;
}

/** The list as a form; empty when report.yaml cannot be read as YAML (the text editor below says why). */
export function blockListForm(ctx: StudioContext, id: string): string {
  const text = readReportSpecText(studyDir(ctx.workspace, id));
  if (text === undefined) return '';
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return '';
  const blocks = blocksOf(doc);
  if (blocks.length === 0) return '';
  const rows = blocks.map((b) => {
    const titles = [...b.heading].map(([lang, t]) => `<label class="inline">${escapeHtml(lang)} <input type="text" name="${escapeHtml(`title-${b.key}-${lang}`)}" value="${escapeHtml(t)}"></label>`).join('');
    return `<tr><td><input type="hidden" name="listed-${escapeHtml(b.key)}" value="1"><label class="inline"><input type="checkbox" name="keep-${escapeHtml(b.key)}" value="1" checked> <span class="mono">${escapeHtml(b.key)}</span></label><span class="help">${escapeHtml(b.kind)}</span></td><td>${titles}</td></tr>`;
  });
  return (
    `<div class="card" id="blocks"><h2>${tr(ctx, 'Figures and numbers', 'Графики и числа')}</h2><p class="help">${tr(
      ctx,
      'Untick what the report should leave out, change a title in each language, then save. A block left out is deleted from report.yaml: to get it back, reset to the default report or type it again below.',
      'Снимите отметку с того, что отчёт должен пропустить, измените заголовки на каждом языке и сохраните. Пропущенный блок удаляется из report.yaml: чтобы вернуть его, восстановите стандартный отчёт или впишите блок заново ниже.',
    )}</p>` +
    `<form method="post" action="${escapeHtml(studyPath(id, '/report/blocks'))}">${csrfField(ctx)}<table><thead><tr><th>${tr(ctx, 'Keep', 'Оставить')}</th><th>${tr(ctx, 'Title', 'Заголовок')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<div class="actions"><button class="go">${tr(ctx, 'Check and save', 'Проверить и сохранить')}</button></div></form></div>`
  );
}

/** Applies the list's form to report.yaml and saves it when it checks; the refused text and its problems otherwise. */
export async function submitBlockList(ctx: StudioContext, id: string, form: ReadonlyMap<string, string>): Promise<RefusedEdit | undefined> {
  const dir = studyDir(ctx.workspace, id);
  const doc = parseDocument(readReportSpecText(dir) ?? '');
  for (const b of blocksOf(doc)) {
    // Only blocks the page listed: one added to the file since it was shown stays.
    if (!form.has(`listed-${b.key}`)) continue;
    if (!form.has(`keep-${b.key}`)) {
      b.parent.items = b.parent.items.filter((m) => m !== b.map);
      continue;
    }
    for (const lang of b.heading.keys()) {
      const title = form.get(`title-${b.key}-${lang}`);
      if (title !== undefined && title !== b.heading.get(lang)) b.map.setIn([HEADING[b.kind], lang], title);
    }
  }
  const text = doc.toString();
  const saved = await saveReportSpec(dir, text);
  return saved.saved ? undefined : { text, problems: saved.diagnostics };
}
