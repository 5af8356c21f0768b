// The Monitor screen: fieldwork figures from the server's researcher API, a picture of the chains, the warnings.

import type { MonitorFigures } from '../../sampling/monitor-figures.ts';
import { buildRecruitmentTree } from '../../sampling/rds/recruitment-tree.ts';
import { treeSvg } from '../../sampling/rds/tree-svg.ts';
import { capProgress, type CapLimits } from '../../sampling/cap-progress.ts';
import { capLine, capWarning } from '../../study/cap-words.ts';
import { monitorLabels, warningText } from '../../study/monitor-words.ts';
import { csrfField, escapeHtml, layout, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import type { ServerConnection } from '../workspace.ts';

/** Above this many respondents the picture would be a grey smear: the tables say it better. */
export const MAX_TREE_NODES = 3000;
/** Chains coloured one by one (single digits, so the legend sorts as they rank); the rest share a colour. */
const COLOURED_CHAINS = 9;

const n = (x: number): string => String(x);

/** The chains as an SVG (server-rendered, no script): squares are seeds, colour is the chain, no id anywhere. */
export function chainsSvg(ctx: StudioContext, m: MonitorFigures): string {
  const parents = m.tree.parents;
  if (parents.length === 0 || parents.length > MAX_TREE_NODES) return '';
  const built = buildRecruitmentTree(parents.map((p, i) => ({ id: n(i), recruiter: p < 0 ? null : n(p), degree: null })));
  if (!built.ok) return '';
  const chainOf = new Array<number>(parents.length).fill(0);
  let chain = -1;
  parents.forEach((p, i) => {
    if (p < 0) chain += 1;
    chainOf[i] = chain;
  });
  const label = (c: number): string => (c < COLOURED_CHAINS ? `${tr(ctx, 'chain', 'цепочка')} ${n(c + 1)}` : tr(ctx, 'other chains', 'другие цепочки'));
  return treeSvg(built.value, chainOf.map(label), { title: tr(ctx, 'Recruitment chains as they grow', 'Цепочки рекрутирования'), variable: tr(ctx, 'chain', 'цепочка') });
}

/** A bar per period: responses by status, drawn as plain SVG rectangles. */
function periodBars(ctx: StudioContext, m: MonitorFigures): string {
  const rows = m.responses.byPeriod;
  if (rows.length === 0) return '';
  const max = Math.max(1, ...rows.map((r) => r.complete + r.partial + r.screenedOut));
  const barW = 34;
  const h = 140;
  const width = Math.max(380, 60 + rows.length * (barW + 10));
  const bars = rows.map((r, i) => {
    const x = 50 + i * (barW + 10);
    let y = 10 + h;
    const seg = (count: number, fill: string): string => {
      const bh = (count / max) * h;
      y -= bh;
      return count === 0 ? '' : `<rect x="${n(x)}" y="${y.toFixed(1)}" width="${n(barW)}" height="${bh.toFixed(1)}" fill="${fill}"/>`;
    };
    const total = r.complete + r.partial + r.screenedOut;
    return `${seg(r.complete, '#0072B2')}${seg(r.partial, '#E69F00')}${seg(r.screenedOut, '#999999')}<text x="${n(x + barW / 2)}" y="${n(h + 26)}" text-anchor="middle" font-size="10">${escapeHtml(r.period)}</text><text x="${n(x + barW / 2)}" y="${(10 + h - (total / max) * h - 3).toFixed(1)}" text-anchor="middle" font-size="11">${n(total)}</text>`;
  });
  const t = monitorLabels(ctx.lang);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(h + 60)}" role="img" aria-label="${escapeHtml(t.responses)}" font-family="sans-serif" font-size="12">` +
    `<line x1="45" y1="${n(10 + h)}" x2="${n(width)}" y2="${n(10 + h)}" stroke="#333"/>${bars.join('')}` +
    `<rect x="50" y="${n(h + 36)}" width="10" height="10" fill="#0072B2"/><text x="64" y="${n(h + 45)}">${escapeHtml(t.complete)}</text>` +
    `<rect x="150" y="${n(h + 36)}" width="10" height="10" fill="#E69F00"/><text x="164" y="${n(h + 45)}">${escapeHtml(t.partial)}</text>` +
    `<rect x="250" y="${n(h + 36)}" width="10" height="10" fill="#999999"/><text x="264" y="${n(h + 45)}">${escapeHtml(t.screenedOut)}</text></svg>`
  );
}

/** Progress towards each cap the study folder sets, a bar each, and a warning near or at a cap. */
export function capsHtml(ctx: StudioContext, m: MonitorFigures, caps: CapLimits): string {
  const progress = capProgress(m, caps);
  if (progress.length === 0) return '';
  const rows = progress.map((c) => {
    const w = capWarning(c, ctx.lang);
    return `<tr><td>${escapeHtml(capLine(c, ctx.lang))}${w === undefined ? '' : `<p class="warning">${escapeHtml(w)}</p>`}</td><td><progress max="${n(c.limit)}" value="${n(Math.min(c.value, c.limit))}"></progress></td></tr>`;
  });
  return `<h2>${tr(ctx, 'Caps', 'Ограничения')}</h2><p class="help">${tr(ctx, "As set in this study's settings (Fieldwork); the server enforces the settings it was deployed with.", 'Как заданы в настройках исследования (Полевой этап); сервер соблюдает те настройки, с которыми он установлен.')}</p><table>${rows.join('')}</table>`;
}

export function figuresHtml(ctx: StudioContext, m: MonitorFigures, caps: CapLimits = {}): string {
  const t = monitorLabels(ctx.lang);
  const warnings = m.warnings.length === 0
    ? `<p class="ok" role="status">${tr(ctx, 'No warnings: fieldwork looks healthy.', 'Предупреждений нет: полевой этап идёт нормально.')}</p>`
    : `<ul class="problems">${m.warnings.map((w) => `<li class="warning">${escapeHtml(warningText(w, ctx.lang))}</li>`).join('')}</ul>`;
  const periods = m.responses.byPeriod.map((p) => `<tr><td>${escapeHtml(p.period)}</td><td>${n(p.complete)}</td><td>${n(p.partial)}</td><td>${n(p.screenedOut)}</td></tr>`).join('');
  const c = m.coupons;
  const coupons = [
    [t.issued, c.issued], [t.seeds, c.seedIssued], [t.redeemed, c.redeemed], [t.outstanding, c.outstanding], [t.soon, c.expiringSoon], [t.expired, c.expired],
  ].map(([k, v]) => `<tr><th>${escapeHtml(String(k))}</th><td>${n(Number(v))}</td></tr>`).join('');
  const chains = m.tree.chains.map((ch) => `<tr><td>${n(ch.rank)}</td><td>${n(ch.size)}</td><td>${n(ch.waves)}</td><td>${n(ch.direct)}</td></tr>`).join('');
  const svg = chainsSvg(ctx, m);
  const picture = svg !== ''
    ? `<div class="card">${svg}</div>`
    : m.tree.respondents > MAX_TREE_NODES ? `<p class="help">${tr(ctx, `The picture is left out above ${n(MAX_TREE_NODES)} respondents; the tables give the chains.`, `Картинка не строится для более чем ${n(MAX_TREE_NODES)} респондентов; цепочки — в таблице.`)}</p>` : '';
  return (
    `<h2>${tr(ctx, 'Warnings', 'Предупреждения')}</h2>${warnings}${capsHtml(ctx, m, caps)}` +
    `<h2>${escapeHtml(t.responses)} (${escapeHtml(t.total)} ${n(m.responses.total)})</h2>` +
    `<p class="help">${tr(ctx, 'Per collection period only: the server keeps no finer time, by design.', 'Только по периодам сбора: точнее время на сервере не хранится — так задумано.')}</p>` +
    (m.responses.total === 0
      ? `<p>${tr(ctx, 'No responses yet. They appear here once the first seeds have taken the survey (press Refresh).', 'Ответов пока нет. Они появятся здесь, когда первые «семена» пройдут опрос (нажмите «Обновить»).')}</p>`
      : `${periodBars(ctx, m)}<table><thead><tr><th>${escapeHtml(t.period)}</th><th>${escapeHtml(t.complete)}</th><th>${escapeHtml(t.partial)}</th><th>${escapeHtml(t.screenedOut)}</th></tr></thead><tbody>${periods}</tbody></table>`) +
    `<h2>${escapeHtml(t.coupons)}</h2><table>${coupons}</table>` +
    `<h2>${escapeHtml(t.tree)}</h2><p>${escapeHtml(t.respondents)}: <b>${n(m.tree.respondents)}</b> · ${escapeHtml(t.chains)}: <b>${n(m.tree.seeds)}</b> · ${escapeHtml(t.waves)}: <b>${n(m.tree.maxWave)}</b></p>` +
    (m.tree.perWave.length === 0 ? '' : `<p>${escapeHtml(t.perWave)}: ${m.tree.perWave.map((x, w) => `${n(w)}: ${n(x)}`).join(' · ')}</p>`) + picture +
    (chains === '' ? '' : `<table><thead><tr><th>${escapeHtml(t.chain)}</th><th>${escapeHtml(t.size)}</th><th>${escapeHtml(t.waves)}</th><th>${escapeHtml(t.direct)}</th></tr></thead><tbody>${chains}</tbody></table>`)
  );
}

function connectForm(ctx: StudioContext, id: string, connection: ServerConnection | undefined): string {
  return (
    `<div class="card noprint"><h2>${tr(ctx, 'Server', 'Сервер')}</h2><p class="help">${tr(ctx, 'The monitor asks the survey server for counts only, with a researcher token; nothing is opened and no coupon code travels. For an onion server give Tor’s SOCKS proxy.', 'Мониторинг получает от сервера только счётчики по токену исследователя; ничего не открывается, коды купонов не передаются. Для onion-сервера укажите SOCKS-прокси Tor.')}</p>` +
    `<form method="post" action="${escapeHtml(studyPath(id, '/monitor/connect'))}">${csrfField(ctx)}` +
    `<label for="url">${tr(ctx, "The server's address", 'Адрес сервера')}</label><input type="text" id="url" name="url" value="${escapeHtml(connection?.url ?? '')}" placeholder="http://127.0.0.1:8080" spellcheck="false">` +
    `<label for="token">${tr(ctx, 'Researcher token', 'Токен исследователя')}</label><p class="help">${tr(ctx, 'Leave empty to keep the one already saved (Fieldwork → Researcher token).', 'Оставьте пустым, чтобы использовать уже сохранённый (Полевой этап → Токен исследователя).')}</p><input type="password" id="token" name="token" autocomplete="off" value="">` +
    `<label for="socks">${tr(ctx, 'SOCKS proxy (optional)', 'SOCKS-прокси (необязательно)')}</label><input type="text" id="socks" name="socks" value="${escapeHtml(connection?.socksProxy ?? '')}" placeholder="socks5h://127.0.0.1:9050" spellcheck="false">` +
    `<div class="actions"><button class="go">${tr(ctx, 'Connect', 'Подключиться')}</button></div></form></div>`
  );
}

/** The whole screen: figures when the server answered, its error in words when not, and the connection form. */
export function monitorScreen(ctx: StudioContext, id: string, state: { readonly connection?: ServerConnection; readonly figures?: MonitorFigures; readonly caps?: CapLimits; readonly error?: string }): string {
  const c = state.connection;
  const head = c === undefined
    ? `<p class="help">${tr(ctx, 'Not connected to a server yet.', 'Сервер ещё не подключён.')}</p>`
    : `<p class="help">${tr(ctx, 'Server', 'Сервер')}: <span class="mono">${escapeHtml(c.url)}</span>${c.socksProxy === undefined ? '' : ` ${tr(ctx, 'through', 'через')} <span class="mono">${escapeHtml(c.socksProxy)}</span>`} · <a href="${escapeHtml(studyPath(id, '/monitor'))}">${tr(ctx, 'Refresh', 'Обновить')}</a></p>`;
  const error = state.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(state.error)}</p>`;
  const body = `<h1>${tr(ctx, 'Fieldwork monitor', 'Мониторинг полевого этапа')}</h1>${head}${error}${state.figures === undefined ? '' : figuresHtml(ctx, state.figures, state.caps)}${connectForm(ctx, id, c)}`;
  return layout(ctx, { title: tr(ctx, 'Monitor', 'Мониторинг'), study: id, section: 'monitor', body });
}
