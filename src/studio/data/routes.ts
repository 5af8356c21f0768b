// The Data screens' routes: pull (a background job), open with the passphrase, overview, risk, report, exports.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { riskSummary } from '../../disclosure/risk-summary.ts';
import type { ExportFormat } from '../../export/export.ts';
import { escapeHtml, tr } from '../layout.ts';
import { html, redirect, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { readStudy } from '../studies/study-file.ts';
import { exportsDir, reportDir } from '../workspace.ts';
import { datasetOf, exportThroughGate, makeReport, openInto, pullInto, studyPolicy } from './actions.ts';
import { dataScreen, EXPORT_CHOICES, exportLogScreen, jobScreen, textScreen } from './data-screen.ts';
import { jobOf, startJob, type Job } from './jobs.ts';
import { overviewHtml } from './overview.ts';

const missing = (req: StudioRequest): StudioResponse => html(`<!doctype html><title>not found</title><p>${escapeHtml(tr(req.ctx, 'No such study.', 'Такого исследования нет.'))}</p>`, 404);

/** A route of an existing study. */
const route = (method: 'GET' | 'POST', sub: string, handle: (req: StudioRequest, id: string) => Promise<StudioResponse>): StudioRoute => ({
  method,
  pattern: `/studies/:study/data${sub}`,
  handle: (req) => {
    const id = req.params['study'] ?? '';
    return readStudy(req.ctx.workspace, id) === undefined ? Promise.resolve(missing(req)) : handle(req, id);
  },
});

/** Export previews waiting for the researcher's confirmation: the seed that made the log shown, kept here, not in the page. */
const previews = new Map<string, { readonly study: string; readonly formats: readonly ExportFormat[]; readonly seed: readonly [number, number, number, number] }>();
const MAX_PREVIEWS = 50;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function started(id: string, kind: Job['kind']): StudioResponse {
  return redirect(`/studies/${id}/data/job/${kind}`);
}

export const routes: readonly StudioRoute[] = [
  route('GET', '', (req, id) => Promise.resolve(html(dataScreen(req.ctx, id)))),
  route('POST', '/pull', (req, id) => {
    startJob(id, 'pull', (job) => pullInto(req.ctx.workspace, id, job));
    return Promise.resolve(started(id, 'pull'));
  }),
  route('POST', '/open', (req, id) => {
    const passphrase = req.form.get('passphrase') ?? '';
    if (passphrase === '') return Promise.resolve(html(dataScreen(req.ctx, id, { error: tr(req.ctx, 'Type the passphrase of the study key.', 'Введите пароль ключа исследования.') }), 422));
    startJob(id, 'open', (job) => openInto(req.ctx.workspace, id, passphrase, job));
    return Promise.resolve(started(id, 'open'));
  }),
  route('POST', '/report', (req, id) => {
    startJob(id, 'report', (job) => makeReport(req.ctx.workspace, id, job));
    return Promise.resolve(started(id, 'report'));
  }),
  route('GET', '/job/:kind', (req, id) => {
    const kind = req.params['kind'];
    if (kind !== 'pull' && kind !== 'open' && kind !== 'report') return Promise.resolve(missing(req));
    return Promise.resolve(html(jobScreen(req.ctx, id, jobOf(id, kind), kind)));
  }),
  route('GET', '/overview', async (req, id) => {
    const ds = await datasetOf(req.ctx.workspace, id);
    const title = tr(req.ctx, 'Dataset overview', 'Обзор данных');
    return html(textScreen(req.ctx, id, title, typeof ds === 'string' ? `<p class="error">${escapeHtml(ds)}</p>` : overviewHtml(req.ctx, ds)));
  }),
  route('GET', '/risk', async (req, id) => {
    const ds = await datasetOf(req.ctx.workspace, id);
    const p = studyPolicy(req.ctx.workspace, id);
    const title = tr(req.ctx, 'Re-identification risk', 'Риск повторной идентификации');
    if (typeof ds === 'string') return html(textScreen(req.ctx, id, title, `<p class="error">${escapeHtml(ds)}</p>`));
    if (typeof p === 'string') return html(textScreen(req.ctx, id, title, `<p class="error">${escapeHtml(p)}</p>`));
    const help = tr(req.ctx, 'Measured on the opened dataset with the study’s disclosure policy, before any release. Exports go through the gate, which suppresses until every record is k-anonymous.', 'Измерено на открытых данных по правилам исследования, до любого выпуска. Экспорт проходит через контроль, который скрывает значения, пока каждая запись не станет k-анонимной.');
    return html(textScreen(req.ctx, id, title, `<p class="help">${help}</p><div class="card">${riskSummary(ds, p.policy).split('\n').map((l) => (l.trim() === '' ? '' : `<p>${escapeHtml(l)}</p>`)).join('')}</div>`));
  }),
  route('GET', '/report/:file', (req, id) => {
    const m = /^report\.([a-z]{2,3})\.(html|pdf)$/.exec(req.params['file'] ?? '');
    const file = m === null ? undefined : join(reportDir(req.ctx.workspace, id), m[0]);
    if (m === null || file === undefined || !existsSync(file)) return Promise.resolve(missing(req));
    return Promise.resolve({ kind: 'file', name: m[0], type: m[2] === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8', bytes: readFileSync(file) });
  }),
  route('POST', '/export', async (req, id) => {
    const formats = EXPORT_CHOICES.filter((f) => req.form.get(`format-${f}`) === '1');
    if (formats.length === 0) return html(dataScreen(req.ctx, id, { error: tr(req.ctx, 'Choose at least one format.', 'Выберите хотя бы один формат.') }), 422);
    const seed = Array.from(crypto.getRandomValues(new Uint32Array(4))) as [number, number, number, number];
    const dry = await exportThroughGate(req.ctx.workspace, id, formats, seed, false);
    if (typeof dry === 'string') return html(dataScreen(req.ctx, id, { error: `${tr(req.ctx, 'The gate refused the release', 'Контроль раскрытия не пропустил выпуск')}: ${dry}` }), 422);
    const previewId = hex(crypto.getRandomValues(new Uint8Array(16)));
    if (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value ?? '');
    previews.set(previewId, { study: id, formats, seed });
    return html(exportLogScreen(req.ctx, id, formats, dry.log, dry.notes, previewId));
  }),
  route('POST', '/export/confirm', async (req, id) => {
    const previewId = req.form.get('preview') ?? '';
    const p = previews.get(previewId);
    if (p?.study !== id) return html(dataScreen(req.ctx, id, { error: tr(req.ctx, 'That check has expired: check the release again.', 'Эта проверка устарела: проверьте выпуск заново.') }), 409);
    previews.delete(previewId);
    const done = await exportThroughGate(req.ctx.workspace, id, p.formats, p.seed, true);
    if (typeof done === 'string') return html(dataScreen(req.ctx, id, { error: done }), 422);
    return html(dataScreen(req.ctx, id, { ok: tr(req.ctx, `${String(done.files.length)} files written, each format with its disclosure log.`, `Записано файлов: ${String(done.files.length)}, у каждого формата — журнал контроля раскрытия.`) }));
  }),
  route('GET', '/exports/:format/:file', (req, id) => {
    const format = req.params['format'] ?? '';
    const name = req.params['file'] ?? '';
    if (!(EXPORT_CHOICES as readonly string[]).includes(format)) return Promise.resolve(missing(req));
    const dir = join(exportsDir(req.ctx.workspace, id), format);
    // Only a name the folder lists: nothing can climb out of it.
    if (!existsSync(dir) || !readdirSync(dir).includes(name)) return Promise.resolve(missing(req));
    const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : name.endsWith('.md') || name.endsWith('.R') || name.endsWith('.sps') || name.endsWith('.do') ? 'text/plain; charset=utf-8' : 'application/octet-stream';
    return Promise.resolve({ kind: 'file', name, type, bytes: readFileSync(join(dir, name)) });
  }),
];
