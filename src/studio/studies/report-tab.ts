// The Report tab: the study's report in each language (HTML to read, PDF to send), made on the Data screen.

import { existsSync, readdirSync } from 'node:fs';
import { LANGUAGE_NAMES } from '../../collect/messages.ts';
import { escapeHtml, layout, studyPath, tr } from '../layout.ts';
import { html, type StudioRoute } from '../route.ts';
import { reportDir } from '../workspace.ts';
import { readStudy } from './study-file.ts';

export const reportTab: StudioRoute = {
  method: 'GET',
  pattern: '/studies/:study/report',
  handle({ ctx, params }) {
    const id = params['study'] ?? '';
    if (readStudy(ctx.workspace, id) === undefined) return Promise.resolve(html(layout(ctx, { title: id, body: `<h1>${tr(ctx, 'No such study', 'Такого исследования нет')}</h1>` }), 404));
    const dir = reportDir(ctx.workspace, id);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^report\.[a-z]{2,3}\.(html|pdf)$/.test(f)).sort() : [];
    // The Data screen serves the files (studio-data's /data/report/FILE): one place reads the report folder.
    const rows = files.map((f) => {
      const [, lang = '', kind = ''] = /^report\.([a-z]+)\.(\w+)$/.exec(f) ?? [];
      const what = kind === 'pdf' ? tr(ctx, 'PDF, to print or send', 'PDF — для печати и отправки') : tr(ctx, 'to read in the browser', 'читать в браузере');
      return `<li><a href="${escapeHtml(studyPath(id, `/data/report/${f}`))}">${escapeHtml(LANGUAGE_NAMES[lang] ?? lang)} — ${what}</a></li>`;
    });
    const body =
      `<h1>${tr(ctx, 'Report', 'Отчёт')}</h1>` +
      (rows.length === 0
        ? `<p>${tr(ctx, 'No report yet. Open the responses on the Data screen, then make the report there.', 'Отчёта ещё нет. Откройте ответы на экране «Данные» и создайте отчёт там.')}</p>`
        : `<ul>${rows.join('')}</ul><p class="help">${tr(ctx, 'Every number in it went through disclosure control first. To make it again from newer data, use the Data screen.', 'Все числа в нём прошли контроль раскрытия. Чтобы пересоздать отчёт по новым данным, откройте экран «Данные».')}</p>`) +
      `<div class="actions"><a class="button" href="${escapeHtml(studyPath(id, '/data'))}">${tr(ctx, 'Data screen', 'Экран «Данные»')}</a></div>`;
    return Promise.resolve(html(layout(ctx, { title: tr(ctx, 'Report', 'Отчёт'), study: id, section: 'report', body })));
  },
};
