// The Data screens' pages: the main screen (pull, open, dataset, report, exports), a job's progress, the export log.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { csrfField, escapeHtml, layout, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { datasetDir, exportsDir, getServerConnection, keyFile, pulledDir, reportDir } from '../workspace.ts';
import type { Job } from './jobs.ts';
import { foldedLogHtml } from './log-html.ts';

export const EXPORT_CHOICES = ['sav', 'dta', 'csv'] as const;

const count = (dir: string): number => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.age')).length : 0);

/** The report files present, by language: report.LANG.html and (printed) report.LANG.pdf. */
export function reportFiles(ws: string, id: string): { readonly lang: string; readonly pdf: boolean }[] {
  const dir = reportDir(ws, id);
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  return names.flatMap((f) => {
    const m = /^report\.([a-z]{2,3})\.html$/.exec(f);
    return m?.[1] === undefined ? [] : [{ lang: m[1], pdf: names.includes(`report.${m[1]}.pdf`) }];
  });
}

/** Exported files present, per format folder (the disclosure log among them). */
export function exportedFiles(ws: string, id: string): { readonly format: string; readonly files: readonly string[] }[] {
  const root = exportsDir(ws, id);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((f) => (EXPORT_CHOICES as readonly string[]).includes(f))
    .sort()
    .map((format) => ({ format, files: readdirSync(join(root, format)).sort() }));
}

/** The report's card: make it (again), read it in each language, download each PDF. */
function reportCard(ctx: StudioContext, id: string): string {
  const act = (sub: string): string => escapeHtml(studyPath(id, `/data/${sub}`));
  const reports = reportFiles(ctx.workspace, id);
  return (
    `<div class="card"><h2>4. ${tr(ctx, 'The report', 'Отчёт')}</h2><form method="post" action="${act('report')}">${csrfField(ctx)}<div class="actions"><button class="go">${tr(ctx, reports.length === 0 ? 'Make the report' : 'Make it again', reports.length === 0 ? 'Составить отчёт' : 'Составить заново')}</button></div></form>` +
    (reports.length === 0 ? '' : `<ul>${reports.map((r) => `<li><a href="${act(`report/report.${r.lang}.html`)}">${tr(ctx, 'Read', 'Читать')} (${escapeHtml(r.lang)})</a>${r.pdf ? ` · <a href="${act(`report/report.${r.lang}.pdf`)}">PDF (${escapeHtml(r.lang)})</a>` : ''}</li>`).join('')}</ul>`) +
    `</div>`
  );
}

const notice = (n: { readonly error?: string; readonly ok?: string }): string =>
  (n.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(n.error)}</p>`) + (n.ok === undefined ? '' : `<p class="ok" role="status">${escapeHtml(n.ok)}</p>`);

export function dataScreen(ctx: StudioContext, id: string, n: { readonly error?: string; readonly ok?: string } = {}): string {
  const ws = ctx.workspace;
  const act = (sub: string): string => escapeHtml(studyPath(id, `/data/${sub}`));
  const conn = getServerConnection(ws, id);
  const pulled = count(join(pulledDir(ws, id), 'sealed'));
  const opened = existsSync(join(datasetDir(ws, id), 'datapackage.json'));
  const hasKey = existsSync(keyFile(ws, id));
  const pull =
    `<div class="card"><h2>1. ${tr(ctx, 'Pull the sealed responses', 'Забрать запечатанные ответы')}</h2>` +
    (conn === undefined
      ? `<p class="help">${tr(ctx, 'Connect to the server first (Fieldwork → Researcher token, or Monitor).', 'Сначала подключите сервер (Полевой этап → Токен исследователя или Мониторинг).')}</p>`
      : `<p class="help">${tr(ctx, 'They stay sealed on this computer until you open them. Safe to repeat: only new ones are fetched.', 'На этом компьютере они остаются запечатанными, пока вы их не откроете. Можно повторять: скачиваются только новые.')} ${tr(ctx, 'Server', 'Сервер')}: <span class="mono">${escapeHtml(conn.url)}</span></p>` +
        `<form method="post" action="${act('pull')}">${csrfField(ctx)}<div class="actions"><button class="go">${tr(ctx, 'Pull now', 'Забрать сейчас')}</button></div></form>`) +
    `<p>${tr(ctx, 'Sealed responses on this computer', 'Запечатанных ответов на этом компьютере')}: <b>${String(pulled)}</b></p></div>`;
  const open =
    `<div class="card"><h2>2. ${tr(ctx, 'Open them with the study key', 'Открыть ключом исследования')}</h2>` +
    (!hasKey
      ? `<p class="help">${tr(ctx, 'This workspace has no key file for the study (Keys: make one, or rebuild it from shares).', 'В рабочей папке нет файла ключа исследования (Ключи: создайте его или восстановите из частей).')}</p>`
      : `<p class="help">${tr(ctx, 'The passphrase is checked against the study key before anything is written; a wrong one changes nothing.', 'Пароль проверяется по ключу исследования до того, как что-либо будет записано; неверный пароль ничего не меняет.')}</p>` +
        `<form method="post" action="${act('open')}">${csrfField(ctx)}<label for="passphrase">${tr(ctx, 'Passphrase of the study key', 'Пароль ключа исследования')}</label><input type="password" id="passphrase" name="passphrase" autocomplete="off">` +
        `<div class="actions"><button class="go"${pulled === 0 ? ' disabled' : ''}>${tr(ctx, 'Open', 'Открыть')}</button></div></form>`) +
    (opened ? `<p>${tr(ctx, 'Already opened: the dataset is on this computer (step 3). Open again only after pulling new responses.', 'Уже открыто: набор данных на этом компьютере (шаг 3). Открывать снова нужно только после того, как забраны новые ответы.')}</p>` : '') +
    `</div>`;
  const dataset = !opened
    ? ''
    : `<div class="card"><h2>3. ${tr(ctx, 'The dataset', 'Набор данных')}</h2><div class="actions"><a class="button" href="${act('overview')}">${tr(ctx, 'Overview: every item', 'Обзор: все вопросы')}</a><a class="button" href="${act('risk')}">${tr(ctx, 'Re-identification risk', 'Риск повторной идентификации')}</a></div></div>`;
  const report = opened ? reportCard(ctx, id) : '';
  const exported = exportedFiles(ws, id);
  const exports = !opened
    ? ''
    : `<div class="card"><h2>5. ${tr(ctx, 'Export for SPSS, Stata or a spreadsheet', 'Экспорт для SPSS, Stata или таблиц')}</h2><p class="help">${tr(ctx, 'Every export passes disclosure control (the study’s disclosure.yaml). You see what it suppressed and recoded before any file is written.', 'Каждый экспорт проходит контроль раскрытия (disclosure.yaml исследования). Вы увидите, что скрыто и перекодировано, до записи файлов.')}</p>` +
      `<form method="post" action="${act('export')}">${csrfField(ctx)}${EXPORT_CHOICES.map((f) => `<label class="inline"><input type="checkbox" name="format-${f}" value="1"${f === 'sav' ? ' checked' : ''}> .${f}</label>`).join('')}` +
      `<div class="actions"><button class="go">${tr(ctx, 'Check what would be released', 'Проверить, что будет выпущено')}</button></div></form>` +
      exported.map((e) => `<h3>.${escapeHtml(e.format)}</h3><ul>${e.files.map((f) => `<li><a href="${act(`exports/${e.format}/${encodeURIComponent(f)}`)}">${escapeHtml(f)}</a></li>`).join('')}</ul>`).join('') +
      `</div>`;
  return layout(ctx, { title: tr(ctx, 'Data', 'Данные'), study: id, section: 'data', body: `<h1>${tr(ctx, 'Data', 'Данные')}</h1>${notice(n)}${pull}${open}${dataset}${report}${exports}` });
}

const JOB_TITLES: Readonly<Record<Job['kind'], readonly [string, string]>> = {
  pull: ['Pulling sealed responses', 'Скачивание запечатанных ответов'],
  open: ['Opening the responses', 'Открытие ответов'],
  report: ['Making the report', 'Составление отчёта'],
};

/** How far a running job is, in words: the open says how many were read of how many, and how many were damaged. */
export function jobCount(ctx: StudioContext, job: Job): string {
  const done = String(job.done);
  if (job.kind === 'open' && job.total === undefined) return tr(ctx, 'Unlocking the study key with the passphrase…', 'Ключ исследования открывается паролем…');
  if (job.kind !== 'open' || job.total === undefined) return `${done}${job.total === undefined ? '' : ` / ${String(job.total)}`}`;
  const total = String(job.total);
  const damaged = job.damaged ?? 0;
  const read = tr(ctx, `${done} of ${total} responses read`, `Прочитано ответов: ${done} из ${total}`);
  const bad = damaged === 0
    ? tr(ctx, 'none damaged so far', 'повреждённых пока нет')
    : tr(ctx, `${String(damaged)} could not be opened (damaged, or sealed for another study)`, `не удалось открыть: ${String(damaged)} (повреждены или запечатаны для другого исследования)`);
  return `${read}; ${bad}.`;
}

/** A job's page: refreshes itself every second while the job runs (a meta refresh, no script; a link too). */
export function jobScreen(ctx: StudioContext, id: string, job: Job | undefined, kind: Job['kind']): string {
  const [en, ru] = JOB_TITLES[kind];
  const back = `<p><a class="button" href="${escapeHtml(studyPath(id, '/data'))}">${tr(ctx, 'Back to Data', 'Назад к данным')}</a></p>`;
  let body: string;
  if (job === undefined) body = `<p>${tr(ctx, 'Nothing is running.', 'Ничего не выполняется.')}</p>${back}`;
  else if (job.state === 'running') {
    const bar = job.total === undefined || job.total === 0 ? `<progress></progress>` : `<progress max="${String(job.total)}" value="${String(job.done)}"></progress>`;
    const self = escapeHtml(studyPath(id, `/data/job/${kind}`));
    body =
      `<p role="status">${bar} ${jobCount(ctx, job)}</p>` +
      `<p class="help">${tr(ctx, 'This page refreshes itself every second.', 'Страница обновляется сама каждую секунду.')} <a href="${self}">${tr(ctx, 'Refresh now', 'Обновить сейчас')}</a></p>`;
  } else body = `${notice(job.state === 'done' ? { ok: job.message } : { error: job.message })}${back}`;
  const refresh = job?.state === 'running' ? '<meta http-equiv="refresh" content="1">' : '';
  return layout(ctx, { title: tr(ctx, en, ru), study: id, section: 'data', body: `${refresh}<h1>${tr(ctx, en, ru)}</h1>${body}` });
}

/** The gate's log shown before anything is written, with the confirm button carrying the preview's id. */
export function exportLogScreen(ctx: StudioContext, id: string, formats: readonly string[], log: string, notes: readonly string[], previewId: string): string {
  const body =
    `<h1>${tr(ctx, 'What would be released', 'Что будет выпущено')}</h1><p class="help">${tr(ctx, 'Nothing is written yet. Read the disclosure log: what was suppressed, recoded or left out. Confirm to write the files.', 'Пока ничего не записано. Прочтите журнал контроля раскрытия: что скрыто, перекодировано или исключено. Подтвердите, чтобы записать файлы.')} <a href="#confirm">${tr(ctx, 'The Write and Cancel buttons are below the log.', 'Кнопки «Записать» и «Отмена» — под журналом.')}</a></p>` +
    notes.map((x) => `<p class="error">${escapeHtml(x)}</p>`).join('') +
    `<div class="card">${foldedLogHtml(log, tr(ctx, 'The full log: risk before and after, and every table ({rows} rows)', 'Полный журнал: риск до и после и все таблицы (строк: {rows})'))}</div>` +
    `<form id="confirm" method="post" action="${escapeHtml(studyPath(id, '/data/export/confirm'))}">${csrfField(ctx)}<input type="hidden" name="preview" value="${escapeHtml(previewId)}">` +
    `<div class="actions"><button class="go">${tr(ctx, 'Write', 'Записать')} ${formats.map((f) => `.${escapeHtml(f)}`).join(', ')}</button><a class="button" href="${escapeHtml(studyPath(id, '/data'))}">${tr(ctx, 'Cancel', 'Отмена')}</a></div></form>`;
  return layout(ctx, { title: tr(ctx, 'Export', 'Экспорт'), study: id, section: 'data', body });
}

export function textScreen(ctx: StudioContext, id: string, title: string, inner: string): string {
  return layout(ctx, { title, study: id, section: 'data', body: `<h1>${escapeHtml(title)}</h1><p><a href="${escapeHtml(studyPath(id, '/data'))}">${tr(ctx, 'Back to Data', 'Назад к данным')}</a></p>${inner}` });
}
