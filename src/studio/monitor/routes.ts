// The Monitor routes: show the server's fieldwork figures (reload to refresh) and connect to a server.

import { fetchMonitor } from '../../study/monitor-client.ts';
import { parseSocksProxy } from '../../study/socks5.ts';
import { escapeHtml, tr } from '../layout.ts';
import { html, redirect, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { readStudy } from '../studies/study-file.ts';
import { getStudySettings } from '../../study/settings.ts';
import { getServerConnection, readServerToken, setServerConnection, studyDir } from '../workspace.ts';
import { monitorScreen } from './monitor-screen.ts';

const missing = (req: StudioRequest): StudioResponse => html(`<!doctype html><title>not found</title><p>${escapeHtml(tr(req.ctx, 'No such study.', 'Такого исследования нет.'))}</p>`, 404);

async function show(req: StudioRequest, id: string, notice?: string): Promise<StudioResponse> {
  const connection = getServerConnection(req.ctx.workspace, id);
  if (connection === undefined) return html(monitorScreen(req.ctx, id, notice === undefined ? {} : { error: notice }));
  const token = readServerToken(connection);
  if (token === undefined) return html(monitorScreen(req.ctx, id, { connection, error: tr(req.ctx, 'The saved researcher token is gone: paste it again below.', 'Сохранённый токен исследователя пропал: вставьте его снова ниже.') }));
  const socks = connection.socksProxy === undefined ? undefined : parseSocksProxy(connection.socksProxy);
  try {
    const figures = await fetchMonitor({ url: connection.url, study: id, token, ...(socks === undefined ? {} : { socks }) });
    return html(monitorScreen(req.ctx, id, { connection, figures, caps: getStudySettings(studyDir(req.ctx.workspace, id)).settings.caps }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return html(monitorScreen(req.ctx, id, { connection, error: `${tr(req.ctx, 'The server could not be asked', 'Не удалось получить данные с сервера')}: ${why}` }), 502);
  }
}

export const routes: readonly StudioRoute[] = [
  {
    method: 'GET',
    pattern: '/studies/:study/monitor',
    handle: (req) => {
      const id = req.params['study'] ?? '';
      return readStudy(req.ctx.workspace, id) === undefined ? Promise.resolve(missing(req)) : show(req, id);
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/monitor/connect',
    handle: (req) => {
      const id = req.params['study'] ?? '';
      if (readStudy(req.ctx.workspace, id) === undefined) return Promise.resolve(missing(req));
      const url = (req.form.get('url') ?? '').trim().replace(/\/+$/, '');
      const token = (req.form.get('token') ?? '').trim();
      const socks = (req.form.get('socks') ?? '').trim();
      const previous = getServerConnection(req.ctx.workspace, id);
      const bad = (en: string, ru: string): Promise<StudioResponse> =>
        Promise.resolve(html(monitorScreen(req.ctx, id, { ...(previous === undefined ? {} : { connection: previous }), error: tr(req.ctx, en, ru) }), 422));
      if (!/^https?:\/\/[^\s/]+$/.test(url)) return bad("The server's address must look like http://127.0.0.1:8080 or http://….onion (no path).", 'Адрес сервера должен выглядеть как http://127.0.0.1:8080 или http://….onion (без пути).');
      if (socks !== '' && parseSocksProxy(socks) === undefined) return bad('The SOCKS proxy must look like socks5h://127.0.0.1:9050.', 'SOCKS-прокси должен выглядеть как socks5h://127.0.0.1:9050.');
      if (token === '' && previous === undefined) return bad('Paste the researcher token (made under Fieldwork, or with portas token add).', 'Вставьте токен исследователя (создаётся в разделе «Полевой этап» или командой portas token add).');
      if (token !== '' && !/^[A-Za-z0-9_-]{20,200}$/.test(token)) return bad('That does not look like a researcher token (20–200 letters, digits, - and _).', 'Это не похоже на токен исследователя (20–200 латинских букв, цифр, - и _).');
      setServerConnection(req.ctx.workspace, id, { url, ...(token === '' ? { tokenFile: previous?.tokenFile ?? '' } : { token }), ...(socks === '' ? {} : { socksProxy: socks }) });
      return Promise.resolve(redirect(`/studies/${id}/monitor`));
    },
  },
];
