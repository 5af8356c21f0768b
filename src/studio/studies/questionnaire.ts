// A study's Questionnaire screen: its problems inline, the respondent's pages previewed in each language, the YAML editable.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPage } from '../../collect/render-page.ts';
import { renderEntry } from '../../collect/render-simple.ts';
import { hasErrors } from '../../core/diagnostic.ts';
import { pick } from '../../core/text.ts';
import { loadInstrumentYaml } from '../../instrument/load-yaml.ts';
import { catalogueProblems, LANGUAGE_NAMES } from '../../collect/messages.ts';
import { diagnosticsList } from '../diagnostics-view.ts';
import { csrfField, escapeHtml, layout, studyPath, tr } from '../layout.ts';
import { html, redirect, type StudioContext, type StudioResponse, type StudioRoute } from '../route.ts';
import { refreshDefaultReportSpec } from '../../study/report-spec.ts';
import { studyDir } from '../workspace.ts';
import { importNotes } from './create.ts';
import { readStudy } from './study-file.ts';

const notFound = (ctx: StudioContext, id: string): StudioResponse =>
  html(layout(ctx, { title: id, body: `<h1>${tr(ctx, 'No such study', 'Такого исследования нет')}</h1><p><a href="/">${tr(ctx, 'Back to the studies', 'К списку исследований')}</a></p>` }), 404);

function screen(ctx: StudioContext, id: string, query: URLSearchParams, edited?: { readonly yaml: string; readonly problems: string }): StudioResponse {
  const study = readStudy(ctx.workspace, id);
  if (study === undefined) return notFound(ctx, id);
  const yaml = edited?.yaml ?? readFileSync(join(studyDir(ctx.workspace, id), 'instrument.yaml'), 'utf8');
  const ins = study.instrument;
  const notes = importNotes(ctx.workspace, id);
  let preview = '';
  // Languages without the respondent pages' own texts (buttons, messages) cannot be served, nor previewed.
  const shownLanguages = ins === undefined ? [] : ins.languages.filter((l) => catalogueProblems([l]).length === 0);
  const unserved = ins === undefined ? [] : catalogueProblems(ins.languages);
  const unservedList = unserved.length === 0 ? '' : `<ul class="problems">${unserved.map((p) => `<li class="error"><span class="sev">${tr(ctx, 'problem', 'ошибка')}</span><span class="where">instrument.yaml, languages</span><br>${escapeHtml(p)}<span class="hint">${tr(ctx, 'What to do: the server refuses this study until then — remove the language from languages: (and its texts), or have the respondent pages translated into it.', 'Что сделать: до тех пор сервер не примет исследование — уберите язык из languages: (и его тексты) или закажите перевод страниц для респондентов.')}</span></li>`).join('')}</ul>`;
  const first = shownLanguages[0];
  if (ins !== undefined && first !== undefined) {
    const lang = shownLanguages.includes(query.get('lang') ?? '') ? (query.get('lang') ?? first) : first;
    const at = query.get('page') ?? 'start';
    const langs = shownLanguages.map((l) => `<a href="${escapeHtml(`${studyPath(id)}?lang=${l}&page=${at}`)}"${l === lang ? ' aria-current="page"' : ''} lang="${l}">${escapeHtml(LANGUAGE_NAMES[l] ?? l)}</a>`).join('');
    const pages = [['start', tr(ctx, 'Start', 'Начало')], ...ins.sections.map((s, i) => [String(i + 1), `${String(i + 1)}. ${pick(s.title, lang, ins.languages[0])}`])]
      .map(([p, label]) => `<a href="${escapeHtml(`${studyPath(id)}?lang=${lang}&page=${p ?? ''}`)}"${p === at ? ' aria-current="page"' : ''}>${escapeHtml(label ?? '')}</a>`).join('');
    preview =
      `<h2>${tr(ctx, 'Preview: what respondents see', 'Предпросмотр: что видят респонденты')}</h2>` +
      `<p class="help">${tr(ctx, 'Language', 'Язык')}:</p><div class="pages">${langs}</div>` +
      `<p class="help">${tr(ctx, 'Page (every question of the page is shown, whatever earlier answers were)', 'Страница (показаны все вопросы страницы, независимо от предыдущих ответов)')}:</p><div class="pages">${pages}</div>` +
      `<iframe class="preview" sandbox title="${tr(ctx, 'Preview', 'Предпросмотр')}" src="${escapeHtml(`${studyPath(id)}/preview/${lang}/${at}`)}"></iframe>`;
  }
  const summary = ins === undefined
    ? `<p class="error" role="alert">${tr(ctx, 'The questionnaire has problems; fix them below (the preview appears when it has none).', 'В анкете есть ошибки; исправьте их ниже (предпросмотр появится, когда их не останется).')}</p>`
    : `<p>${escapeHtml(pick(ins.title, ctx.lang, ins.languages[0]))} · ${tr(ctx, 'version', 'версия')} ${escapeHtml(ins.version)} · ${String(ins.sections.length)} ${tr(ctx, 'pages', 'стр.')} · ${tr(ctx, 'languages', 'языки')}: ${escapeHtml(ins.languages.join(', '))}</p>`;
  const problems = study.diagnostics.length === 0 && unserved.length === 0 ? (ins === undefined ? '' : `<p class="ok">${tr(ctx, 'No problems found.', 'Ошибок не найдено.')}</p>`) : `<h2>${tr(ctx, 'Problems', 'Ошибки')}</h2>${unservedList}${diagnosticsList(ctx, study.diagnostics)}`;
  const fromImport = notes.length === 0 ? '' : `<details class="card"><summary>${tr(ctx, `From the XLSForm import: ${String(notes.length)} note(s) on what was not carried over as it was`, `Импорт из XLSForm: ${String(notes.length)} замечаний о том, что перенесено не полностью`)}</summary>${diagnosticsList(ctx, notes)}</details>`;
  const editor =
    `<h2>${tr(ctx, 'Edit the questionnaire', 'Изменить анкету')}</h2>${edited?.problems ?? ''}` +
    `<form method="post" action="${escapeHtml(`${studyPath(id)}/questionnaire`)}">${csrfField(ctx)}<label for="yaml">instrument.yaml</label>` +
    `<textarea id="yaml" name="yaml" rows="16" spellcheck="false">${escapeHtml(yaml)}</textarea>` +
    `<div class="actions"><button class="go">${tr(ctx, 'Check and save', 'Проверить и сохранить')}</button></div></form>`;
  const saved = query.get('saved') === '1' ? `<p class="ok" role="status">${tr(ctx, 'Saved.', 'Сохранено.')}</p>` : '';
  const body = `<h1>${tr(ctx, 'Questionnaire', 'Анкета')}</h1>${saved}${summary}${problems}${fromImport}${preview}${editor}`;
  return html(layout(ctx, { title: id, study: id, section: 'questionnaire', body }), edited === undefined ? 200 : 422);
}

/** The respondent's page exactly as the server renders it; inert here (the frame is sandboxed, the form goes nowhere). */
function previewFrame(ctx: StudioContext, id: string, lang: string, at: string): StudioResponse {
  const ins = readStudy(ctx.workspace, id)?.instrument;
  if (ins === undefined || !ins.languages.includes(lang) || catalogueProblems([lang]).length > 0) return notFound(ctx, id);
  if (at === 'start') return html(renderEntry({ instrument: ins, lang, action: '#', self: '#', hidden: {}, needsCoupon: true }));
  const page = Number(at) - 1;
  const section = ins.sections[page];
  if (!Number.isInteger(page) || section === undefined) return notFound(ctx, id);
  return html(
    renderPage({ instrument: ins, lang, page, position: { n: page + 1, total: ins.sections.length }, items: section.items, answers: {}, errors: {}, action: '#', hidden: {}, isFirst: page === 0, isLast: page === ins.sections.length - 1 }),
  );
}

export const questionnaireRoutes: readonly StudioRoute[] = [
  { method: 'GET', pattern: '/studies/:study', handle: ({ ctx, params, query }) => Promise.resolve(screen(ctx, params['study'] ?? '', query)) },
  { method: 'GET', pattern: '/studies/:study/preview/:lang/:page', handle: ({ ctx, params }) => Promise.resolve(previewFrame(ctx, params['study'] ?? '', params['lang'] ?? '', params['page'] ?? '')) },
  {
    method: 'POST',
    pattern: '/studies/:study/questionnaire',
    async handle({ ctx, params, form }) {
      const id = params['study'] ?? '';
      const file = join(studyDir(ctx.workspace, id), 'instrument.yaml');
      if (readStudy(ctx.workspace, id) === undefined || !existsSync(file)) return notFound(ctx, id);
      const yaml = form.get('yaml') ?? '';
      const loaded = loadInstrumentYaml(yaml, 'instrument.yaml');
      if (loaded.instrument !== undefined && loaded.instrument.study !== id) {
        return screen(ctx, id, new URLSearchParams(), { yaml, problems: `<p class="error" role="alert">${tr(ctx, `Not saved: 'study:' must stay '${id}' (it is bound into every sealed response).`, `Не сохранено: 'study:' должно остаться '${id}' (оно входит в каждый запечатанный ответ).`)}</p>` });
      }
      if (hasErrors(loaded.diagnostics)) {
        return screen(ctx, id, new URLSearchParams(), { yaml, problems: `<p class="error" role="alert">${tr(ctx, 'Not saved: fix these problems first.', 'Не сохранено: сначала исправьте ошибки.')}</p>${diagnosticsList(ctx, loaded.diagnostics)}` });
      }
      writeFileSync(file, yaml);
      // An untouched default report.yaml follows the questionnaire (renamed languages, new items); an edited one stays.
      await refreshDefaultReportSpec(studyDir(ctx.workspace, id));
      return redirect(`${studyPath(id)}?saved=1`);
    },
  },
];
