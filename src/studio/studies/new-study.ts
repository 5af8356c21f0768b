// The New study screen: upload an XLSForm, paste YAML, or copy the flagship; problems shown inline, nothing half-made.

import { escapeHtml, csrfField, layout, studyPath, tr } from '../layout.ts';
import { diagnosticsList } from '../diagnostics-view.ts';
import { html, redirect, type StudioContext, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { createFromFlagship, createFromXlsform, createFromYaml, type Created } from './create.ts';

function page(ctx: StudioContext, shown?: { readonly form: 'xlsform' | 'yaml' | 'flagship'; readonly result: Created; readonly yaml?: string }): string {
  const problems = (form: string): string => {
    if (shown === undefined || shown.form !== form || shown.result.ok) return '';
    const r = shown.result;
    const head = `<p class="error" role="alert">${r.message === undefined ? tr(ctx, 'The study was not created. Fix these problems and try again:', 'Исследование не создано. Исправьте эти ошибки и попробуйте снова:') : escapeHtml(r.message)}</p>`;
    return head + diagnosticsList(ctx, r.problems);
  };
  const body =
    `<h1>${tr(ctx, 'New study', 'Новое исследование')}</h1>` +
    `<div class="card"><h2>${tr(ctx, 'From an XLSForm (ODK, KoboToolbox)', 'Из XLSForm (ODK, KoboToolbox)')}</h2>` +
    `<p class="help">${tr(ctx, 'The spreadsheet with the sheets survey, choices and settings. Whatever cannot be carried over is listed with its cell.', 'Таблица с листами survey, choices и settings. Всё, что не удалось перенести, будет показано с адресом ячейки.')}</p>` +
    `<form method="post" action="/new/xlsform" enctype="multipart/form-data">${csrfField(ctx)}` +
    `<label for="form">${tr(ctx, 'XLSForm file (.xlsx)', 'Файл XLSForm (.xlsx)')}</label><input type="file" id="form" name="form" accept=".xlsx" required>` +
    `<label class="inline"><input type="checkbox" name="missing" value="1" checked> ${tr(ctx, "Treat choices such as dont_know, refused, -99 as \"don't know\" / \"prefer not to answer\"", 'Считать варианты dont_know, refused, -99 ответами «не знаю» / «предпочитаю не отвечать»')}</label>` +
    `<div class="actions"><button class="go">${tr(ctx, 'Create the study', 'Создать исследование')}</button></div></form>${problems('xlsform')}</div>` +
    `<div class="card"><h2>${tr(ctx, 'From a questionnaire file (YAML)', 'Из файла анкеты (YAML)')}</h2>` +
    `<p class="help">${tr(ctx, "Paste a questionnaire written in portas' format (docs/instrument-format.md); it is checked before anything is created.", 'Вставьте анкету в формате portas (docs/instrument-format.md); она проверяется до создания исследования.')}</p>` +
    `<form method="post" action="/new/yaml">${csrfField(ctx)}<label for="yaml">instrument.yaml</label>` +
    `<textarea id="yaml" name="yaml" spellcheck="false" required>${escapeHtml(shown?.yaml ?? '')}</textarea>` +
    `<div class="actions"><button class="go">${tr(ctx, 'Check and create', 'Проверить и создать')}</button></div></form>${problems('yaml')}</div>` +
    `<div class="card"><h2>${tr(ctx, 'A copy of the flagship study', 'Копия образцового исследования')}</h2>` +
    `<p class="help">${tr(ctx, 'Russians in Serbia, 2024: a complete questionnaire in Russian and English, with its disclosure policy and report. A good place to start.', 'Россияне в Сербии, 2024: полная анкета на русском и английском с правилами защиты данных и отчётом. Хорошая отправная точка.')}</p>` +
    `<form method="post" action="/new/flagship">${csrfField(ctx)}<label for="id">${tr(ctx, 'Study id (a short name: lowercase letters, digits and -)', 'Идентификатор (короткое имя: строчные латинские буквы, цифры и -)')}</label>` +
    `<input type="text" id="id" name="id" value="my-study" pattern="[a-z][a-z0-9\\-]*" required>` +
    `<div class="actions"><button class="go">${tr(ctx, 'Copy the flagship', 'Скопировать')}</button></div></form>${problems('flagship')}</div>`;
  return layout(ctx, { title: tr(ctx, 'New study', 'Новое исследование'), body });
}

const done = (req: StudioRequest, form: 'xlsform' | 'yaml' | 'flagship', result: Created, yaml?: string): StudioResponse =>
  result.ok ? redirect(studyPath(result.id)) : html(page(req.ctx, { form, result, ...(yaml === undefined ? {} : { yaml }) }), 422);

export const newStudyRoutes: readonly StudioRoute[] = [
  { method: 'GET', pattern: '/new', handle: ({ ctx }) => Promise.resolve(html(page(ctx))) },
  {
    method: 'POST',
    pattern: '/new/xlsform',
    async handle(req) {
      const file = req.files.get('form');
      if (file === undefined) return done(req, 'xlsform', { ok: false, problems: [], message: tr(req.ctx, 'Choose the .xlsx file first.', 'Сначала выберите файл .xlsx.') });
      return done(req, 'xlsform', await createFromXlsform(req.ctx.workspace, file, req.form.get('missing') === '1'));
    },
  },
  {
    method: 'POST',
    pattern: '/new/yaml',
    handle(req) {
      const yaml = req.form.get('yaml') ?? '';
      return Promise.resolve(done(req, 'yaml', createFromYaml(req.ctx.workspace, yaml), yaml));
    },
  },
  {
    method: 'POST',
    pattern: '/new/flagship',
    handle(req) {
      const id = (req.form.get('id') ?? '').trim();
      if (!/^[a-z][a-z0-9-]{0,63}$/.test(id)) return Promise.resolve(done(req, 'flagship', { ok: false, problems: [], message: tr(req.ctx, `'${id}' cannot be a study id: use lowercase letters, digits and -, starting with a letter.`, `'${id}' не может быть идентификатором: строчные латинские буквы, цифры и -, первой — буква.`) }));
      return Promise.resolve(done(req, 'flagship', createFromFlagship(req.ctx.workspace, id)));
    },
  },
];
