// The Report tab: the study's report in each language (HTML to read, PDF to send), made on the Data screen; the
// warnings of the last report made; and report.yaml, edited and checked in the page, or reset to the default report.

import { existsSync, readdirSync } from 'node:fs';
import { LANGUAGE_NAMES } from '../../collect/messages.ts';
import { readReportWarnings } from '../data/report-warnings.ts';
import { escapeHtml, layout, studyPath, tr } from '../layout.ts';
import { html, redirect, type StudioContext, type StudioResponse, type StudioRoute } from '../route.ts';
import { refreshDefaultReportSpec } from '../../study/report-spec.ts';
import { reportDir, studyDir } from '../workspace.ts';
import { blockListForm, submitBlockList } from './report-blocks.ts';
import { reportSpecEditor, resetSpec, specProblems, submitSpec, type RefusedEdit } from './report-editor.ts';
import { readStudy } from './study-file.ts';

const notFound = (ctx: StudioContext, id: string): StudioResponse => html(layout(ctx, { title: id, body: `<h1>${tr(ctx, 'No such study', 'Такого исследования нет')}</h1>` }), 404);

const NOTICES: Readonly<Record<string, readonly [string, string]>> = {
  saved: ['Saved. The next report made on the Data screen uses it.', 'Сохранено. Следующий отчёт на экране «Данные» будет составлен по нему.'],
  checked: ['No problems found (nothing was saved).', 'Ошибок не найдено (ничего не сохранено).'],
  reset: ['The default report is back; the previous report.yaml is kept as report.previous.yaml.', 'Стандартный отчёт восстановлен; прежний report.yaml сохранён как report.previous.yaml.'],
};

function screen(ctx: StudioContext, id: string, query: URLSearchParams, refused?: RefusedEdit, refusedReset?: string): StudioResponse {
  const dir = reportDir(ctx.workspace, id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^report\.[a-z]{2,3}\.(html|pdf)$/.test(f)).sort() : [];
  // The Data screen serves the files (studio-data's /data/report/FILE): one place reads the report folder.
  const rows = files.map((f) => {
    const [, lang = '', kind = ''] = /^report\.([a-z]+)\.(\w+)$/.exec(f) ?? [];
    const what = kind === 'pdf' ? tr(ctx, 'PDF, to print or send', 'PDF — для печати и отправки') : tr(ctx, 'to read in the browser', 'читать в браузере');
    return `<li><a href="${escapeHtml(studyPath(id, `/data/report/${f}`))}">${escapeHtml(LANGUAGE_NAMES[lang] ?? lang)} — ${what}</a></li>`;
  });
  const warnings = files.length === 0 ? [] : readReportWarnings(ctx.workspace, id);
  const warned =
    warnings.length === 0
      ? ''
      : `<h2>${tr(ctx, `What disclosure control hid (${String(warnings.length)})`, `Что скрыто контролем раскрытия (${String(warnings.length)})`)}</h2><p class="help">${tr(
          ctx,
          'The report is complete: where a number would tell too much about a few respondents, it says “hidden” instead. Each line below names the place in report.yaml that asks for it.',
          'Отчёт составлен полностью: где число слишком много сказало бы о немногих респондентах, вместо него написано «скрыто». Каждая строка ниже называет место в report.yaml, откуда оно взято.',
        )}</p>${specProblems(ctx, warnings, '')}`;
  const words = NOTICES[query.get('done') ?? ''];
  const notice = refusedReset !== undefined ? `<p class="error" role="alert">${escapeHtml(refusedReset)}</p>` : words === undefined ? '' : `<p class="ok" role="status">${tr(ctx, words[0], words[1])}</p>`;
  const body =
    `<h1>${tr(ctx, 'Report', 'Отчёт')}</h1>` +
    (rows.length === 0
      ? `<p>${tr(ctx, 'No report yet. Open the responses on the Data screen, then make the report there.', 'Отчёта ещё нет. Откройте ответы на экране «Данные» и создайте отчёт там.')}</p>`
      : `<ul>${rows.join('')}</ul><p class="help">${tr(ctx, 'Every number in it went through disclosure control first. To make it again from newer data, use the Data screen.', 'Все числа в нём прошли контроль раскрытия. Чтобы пересоздать отчёт по новым данным, откройте экран «Данные».')}</p>`) +
    `<div class="actions"><a class="button" href="${escapeHtml(studyPath(id, '/data'))}">${tr(ctx, 'Data screen', 'Экран «Данные»')}</a></div>` +
    warned +
    notice +
    // While a text edit is refused, the list would show the saved file, not the text in the box: it waits.
    (refused === undefined ? blockListForm(ctx, id) : '') +
    reportSpecEditor(ctx, id, refused);
  return html(layout(ctx, { title: tr(ctx, 'Report', 'Отчёт'), study: id, section: 'report', body }), (refused === undefined || refused.problems.length === 0) && refusedReset === undefined ? 200 : 422);
}

export const reportTabRoutes: readonly StudioRoute[] = [
  {
    method: 'GET',
    pattern: '/studies/:study/report',
    async handle({ ctx, params, query }) {
      const id = params['study'] ?? '';
      if (readStudy(ctx.workspace, id) === undefined) return notFound(ctx, id);
      // An untouched default report follows the questionnaire (its languages may have been edited since).
      await refreshDefaultReportSpec(studyDir(ctx.workspace, id));
      return screen(ctx, id, query);
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/report/spec',
    async handle({ ctx, params, form }) {
      const id = params['study'] ?? '';
      if (readStudy(ctx.workspace, id) === undefined) return notFound(ctx, id);
      const outcome = await submitSpec(ctx, id, form.get('spec') ?? '', form.get('do') ?? 'save');
      // A check keeps the text in the box either way: it was not saved.
      if ('checked' in outcome) return screen(ctx, id, new URLSearchParams(outcome.ok ? 'done=checked' : ''), outcome.refused);
      return outcome.saved ? redirect(`${studyPath(id, '/report')}?done=saved#blocks`) : screen(ctx, id, new URLSearchParams(), outcome.refused);
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/report/blocks',
    async handle({ ctx, params, form }) {
      const id = params['study'] ?? '';
      if (readStudy(ctx.workspace, id) === undefined) return notFound(ctx, id);
      const refused = await submitBlockList(ctx, id, form);
      return refused === undefined ? redirect(`${studyPath(id, '/report')}?done=saved#blocks`) : screen(ctx, id, new URLSearchParams(), refused);
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/report/reset',
    async handle({ ctx, params }) {
      const id = params['study'] ?? '';
      if (readStudy(ctx.workspace, id) === undefined) return notFound(ctx, id);
      const problems = await resetSpec(ctx, id);
      if (problems.length === 0) return redirect(`${studyPath(id, '/report')}?done=reset#blocks`);
      return screen(ctx, id, new URLSearchParams(), undefined, tr(ctx, 'The default report cannot be made until the questionnaire has no problems (see the Questionnaire screen).', 'Стандартный отчёт нельзя составить, пока в анкете есть ошибки (см. экран «Анкета»).'));
    },
  },
];
