// The report spec editor of the Report tab: report.yaml in a plain form (no script), checked on save with every problem
// shown at its line, nothing written while it has one; and a reset to the default report made from the questionnaire.

import { renderDiagnostic, type Diagnostic } from '../../core/diagnostic.ts';
import { checkReportSpec, readReportSpecText, saveReportSpec, writeDefaultReportSpec } from '../../study/report-spec.ts';
import { csrfField, escapeHtml, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { studyDir } from '../workspace.ts';

/** What the researcher sent and why it was not saved (no problems: only checked), to show in the editor again. */
export interface RefusedEdit {
  readonly text: string;
  readonly problems: readonly Diagnostic[];
}

/** A diagnostic without its file path and severity (the page shows both beside it), in the studio's language. */
const said = (ctx: StudioContext, d: Diagnostic): string => {
  const { position: _ignored, ...rest } = d;
  return renderDiagnostic(rest, ctx.lang).replace(/^(error|warning|ошибка|предупреждение): /, '');
};

/**
 * Problems of report.yaml, each with its line and column and the line itself quoted, so a researcher can find it
 * in the text box below without counting.
 */
export function specProblems(ctx: StudioContext, problems: readonly Diagnostic[], text: string): string {
  if (problems.length === 0) return '';
  const lines = text.split('\n');
  const items = problems.map((d) => {
    const p = d.position;
    const where = p === undefined ? '' : tr(ctx, `report.yaml, line ${String(p.line)}, column ${String(p.column)}`, `report.yaml, строка ${String(p.line)}, столбец ${String(p.column)}`);
    const quoted = p === undefined || lines[p.line - 1] === undefined ? '' : `<pre class="line">${escapeHtml(`${String(p.line)} | ${lines[p.line - 1] ?? ''}`)}</pre>`;
    const sev = d.severity === 'error' ? tr(ctx, 'problem', 'ошибка') : tr(ctx, 'warning', 'предупреждение');
    return `<li class="${d.severity}"><span class="sev">${sev}</span><span class="where">${escapeHtml(where)}</span>${quoted}${escapeHtml(said(ctx, d))}</li>`;
  });
  return `<ul class="problems">${items.join('')}</ul>`;
}

/** The editor card: the text box, "Check and save", "Check only", and the reset to the default report. */
export function reportSpecEditor(ctx: StudioContext, id: string, refused?: RefusedEdit): string {
  const current = refused?.text ?? readReportSpecText(studyDir(ctx.workspace, id)) ?? '';
  const lines = current.split('\n').length;
  const problems =
    refused === undefined || refused.problems.length === 0
      ? ''
      : `<p class="error" role="alert">${tr(ctx, 'Not saved: the report spec below has problems. The saved report.yaml is unchanged, and the next report still uses it.', 'Не сохранено: в спецификации ниже есть ошибки. Сохранённый report.yaml не изменился, следующий отчёт будет составлен по нему.')}</p>${specProblems(ctx, refused.problems, refused.text)}`;
  return (
    `<div class="card" id="spec"><h2>${tr(ctx, 'What the report shows (report.yaml)', 'Что показывает отчёт (report.yaml)')}</h2>${problems}` +
    `<p class="help">${tr(
      ctx,
      'Each block under blocks: is one figure or number of the report; delete a block to leave it out, change a title in every language. Numbers in texts are references like {figures.KEY.rows.ITEM.cells.CODE.percent}, never typed. docs/report-spec.md explains every key.',
      'Каждый блок в blocks: — один график или число отчёта; удалите блок, чтобы убрать его, измените заголовок на каждом языке. Числа в текстах — ссылки вида {figures.KEY.rows.ITEM.cells.CODE.percent}, а не набранные вручную. Все ключи описаны в docs/report-spec.md.',
    )}</p>` +
    `<form method="post" action="${escapeHtml(studyPath(id, '/report/spec'))}">${csrfField(ctx)}<label for="spec-text">report.yaml</label>` +
    `<textarea id="spec-text" name="spec" rows="${String(Math.min(30, Math.max(12, lines)))}" spellcheck="false">${escapeHtml(current)}</textarea>` +
    `<div class="actions"><button class="go" name="do" value="save">${tr(ctx, 'Check and save', 'Проверить и сохранить')}</button> <button name="do" value="check">${tr(ctx, 'Check only', 'Только проверить')}</button></div></form>` +
    `<form method="post" action="${escapeHtml(studyPath(id, '/report/reset'))}">${csrfField(ctx)}<p class="help">${tr(
      ctx,
      'Start again from the default report: a figure for every question, titled with its labels. The current report.yaml is kept beside it as report.previous.yaml.',
      'Начать заново со стандартного отчёта: график для каждого вопроса с его формулировкой. Текущий report.yaml сохранится рядом как report.previous.yaml.',
    )}</p><div class="actions"><button>${tr(ctx, 'Reset to the default report', 'Вернуть стандартный отчёт')}</button></div></form></div>`
  );
}

export type EditOutcome = { readonly saved: true } | { readonly saved: false; readonly refused: RefusedEdit } | { readonly checked: true; readonly ok: boolean; readonly refused?: RefusedEdit };

/** Checks the text; saves it when asked and valid (through the Study API, which writes nothing otherwise). */
export async function submitSpec(ctx: StudioContext, id: string, text: string, action: string): Promise<EditOutcome> {
  const dir = studyDir(ctx.workspace, id);
  // A browser sends CRLF line ends from a text box; the file keeps the newline the rest of the study uses.
  const normalised = text.replace(/\r\n?/g, '\n');
  if (action === 'check') {
    const checked = await checkReportSpec(dir, normalised);
    return { checked: true, ok: checked.ok, refused: { text: normalised, problems: checked.diagnostics } };
  }
  const saved = await saveReportSpec(dir, normalised);
  return saved.saved ? { saved: true } : { saved: false, refused: { text: normalised, problems: saved.diagnostics } };
}

/** Writes the default report spec over report.yaml (kept as report.previous.yaml); the problems if it cannot. */
export async function resetSpec(ctx: StudioContext, id: string): Promise<readonly Diagnostic[]> {
  const made = await writeDefaultReportSpec(studyDir(ctx.workspace, id), { replace: true });
  return made.saved ? [] : made.diagnostics;
}
