// The Fieldwork screens of a study: settings, seed coupons, researcher token, deploy bundle.

import { escapeHtml, tr } from '../layout.ts';
import { html, redirect, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { readStudy } from '../studies/study-file.ts';
import { setServerConnection } from '../workspace.ts';
import { addResearcherToken, seedCoupons } from './coupons-tokens.ts';
import { deployBundle } from './deploy-bundle.ts';
import { couponSheet, fieldworkScreen, type FieldworkNotice } from './fieldwork-screen.ts';
import { saveSettings } from './study-settings.ts';

const study = (req: StudioRequest): string | undefined => {
  const id = req.params['study'] ?? '';
  return readStudy(req.ctx.workspace, id) === undefined ? undefined : id;
};
const missing = (req: StudioRequest): StudioResponse => html(`<!doctype html><title>not found</title><p>${escapeHtml(tr(req.ctx, 'No such study.', 'Такого исследования нет.'))}</p>`, 404);
const screen = (req: StudioRequest, id: string, notice: FieldworkNotice, status = 200): StudioResponse => html(fieldworkScreen(req.ctx, id, notice), status);

/** A POST route of an existing study. */
const post = (sub: string, handle: (req: StudioRequest, id: string) => Promise<StudioResponse>): StudioRoute => ({
  method: 'POST',
  pattern: `/studies/:study/fieldwork/${sub}`,
  handle: (req) => {
    const id = study(req);
    return id === undefined ? Promise.resolve(missing(req)) : handle(req, id);
  },
});

export const routes: readonly StudioRoute[] = [
  {
    method: 'GET',
    pattern: '/studies/:study/fieldwork',
    handle: (req) => {
      const id = study(req);
      return Promise.resolve(id === undefined ? missing(req) : screen(req, id, req.query.get('saved') === '1' ? { ok: tr(req.ctx, 'Settings saved.', 'Настройки сохранены.') } : {}));
    },
  },
  post('settings', (req, id) => {
    const s = saveSettings(req.ctx.workspace, id, req.form);
    if (!s.ok) return Promise.resolve(screen(req, id, { error: tr(req.ctx, 'Not saved: some settings need correcting (marked below).', 'Не сохранено: некоторые настройки нужно исправить (отмечены ниже).'), fieldProblems: s.problems, typed: req.form }, 422));
    return Promise.resolve(redirect(`/studies/${id}/fieldwork?saved=1`));
  }),
  post('coupons', async (req, id) => {
    const issued = await seedCoupons(req.ctx.workspace, id, { store: (req.form.get('store') ?? '').trim(), n: Number(req.form.get('n') ?? ''), expiry: (req.form.get('expiry') ?? '').trim() });
    return issued.ok ? html(couponSheet(req.ctx, id, issued.value)) : screen(req, id, { error: `${tr(req.ctx, 'No coupons were issued', 'Купоны не выпущены')}: ${issued.message}` }, 422);
  }),
  post('token', async (req, id) => {
    const url = (req.form.get('url') ?? '').trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+$/.test(url)) return screen(req, id, { error: tr(req.ctx, "The server's address must look like http://127.0.0.1:8080 or http://….onion (no path).", 'Адрес сервера должен выглядеть как http://127.0.0.1:8080 или http://….onion (без пути).') }, 422);
    const socks = (req.form.get('socks') ?? '').trim();
    if (socks !== '' && !/^socks5h?:\/\/[^\s/]+:\d+$/.test(socks)) return screen(req, id, { error: tr(req.ctx, 'The SOCKS proxy must look like socks5h://127.0.0.1:9050.', 'SOCKS-прокси должен выглядеть как socks5h://127.0.0.1:9050.') }, 422);
    const token = await addResearcherToken(req.ctx.workspace, id, { store: (req.form.get('store') ?? '').trim(), label: 'studio' });
    if (!token.ok) return screen(req, id, { error: `${tr(req.ctx, 'No token was created', 'Токен не создан')}: ${token.message}` }, 422);
    setServerConnection(req.ctx.workspace, id, { url, token: token.value, ...(socks === '' ? {} : { socksProxy: socks }) });
    return screen(req, id, { ok: tr(req.ctx, `Token created and kept in the workspace; the studio now reaches ${url} for the monitor and data.`, `Токен создан и сохранён в рабочей папке; теперь студия обращается к ${url} для мониторинга и данных.`) });
  }),
  post('bundle', async (req, id) => {
    const bundle = await deployBundle(req.ctx.workspace, id, { store: req.form.get('store') === 'postgres' ? 'postgres' : 'sqlite', port: Number(req.form.get('port') ?? '8080') });
    if (!bundle.ok) return screen(req, id, { error: `${tr(req.ctx, 'The bundle could not be made', 'Пакет не создан')}: ${bundle.problems}` }, 422);
    return { kind: 'file', name: `portas-${id}.tar.gz`, type: 'application/gzip', bytes: bundle.bytes };
  }),
];
