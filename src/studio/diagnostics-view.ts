// Problems shown inline in a page: where (file, sheet, row, column or line), what, and what to do — as the CLI says it.

import { formatDiagnostic, type Diagnostic } from '../core/diagnostic.ts';
import { escapeHtml, tr } from './layout.ts';
import type { StudioContext } from './route.ts';

/** `form.xlsx:survey` positions are spreadsheet cells; others are file lines. Column numbers as spreadsheet letters. */
function where(ctx: StudioContext, d: Diagnostic): string {
  const p = d.position;
  if (p === undefined) return '';
  const sheet = /^(.*\.xlsx?):(.+)$/i.exec(p.file);
  if (sheet !== null) {
    const letters = (n: number): string => (n <= 0 ? '' : letters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
    return tr(ctx, `${sheet[1] ?? ''}, sheet ${sheet[2] ?? ''}, cell ${letters(p.column)}${String(p.line)}`, `${sheet[1] ?? ''}, лист ${sheet[2] ?? ''}, ячейка ${letters(p.column)}${String(p.line)}`);
  }
  return tr(ctx, `${p.file}, line ${String(p.line)}, column ${String(p.column)}`, `${p.file}, строка ${String(p.line)}, столбец ${String(p.column)}`);
}

export function diagnosticsList(ctx: StudioContext, ds: readonly Diagnostic[]): string {
  if (ds.length === 0) return '';
  const items = ds.map((d) => {
    const sev = d.severity === 'error' ? tr(ctx, 'problem', 'ошибка') : tr(ctx, 'warning', 'предупреждение');
    const subject = d.subject === undefined ? '' : `<strong>${escapeHtml(d.subject)}</strong>: `;
    const hint = d.hint === undefined ? '' : `<span class="hint">${tr(ctx, 'What to do', 'Что сделать')}: ${escapeHtml(d.hint)}</span>`;
    // The CLI's one-line form rides along as a tooltip, for telling a colleague exactly where.
    return `<li class="${d.severity}" title="${escapeHtml(formatDiagnostic(d))}"><span class="sev">${sev}</span><span class="where">${escapeHtml(where(ctx, d))}</span><br>${subject}${escapeHtml(d.message)}${hint}</li>`;
  });
  return `<ul class="problems">${items.join('')}</ul>`;
}
