// The Fieldwork screen: collection settings, seed coupons, researcher tokens and the deploy bundle.

import { csrfField, escapeHtml, layout, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { getServerConnection } from '../workspace.ts';
import { localStore } from './coupons-tokens.ts';
import { readSettings, type FieldworkSettings } from './study-settings.ts';

export interface FieldworkNotice {
  readonly error?: string;
  readonly ok?: string;
  /** Per settings field, what is wrong with what was typed (and the typed values, shown again). */
  readonly fieldProblems?: Readonly<Record<string, string>>;
  readonly typed?: ReadonlyMap<string, string>;
}

type FieldHtml = (k: string, label: string, help: string, input: string) => string;

/** The caps, each empty for none; a warning under a cap that cannot work as set (the settings are still saved). */
function capsFields(ctx: StudioContext, s: FieldworkSettings, field: FieldHtml, typed: (k: string, fallback: string) => string): string {
  const warn = (k: string): string => {
    const w = s.capWarnings[k];
    return w === undefined ? '' : `<p class="warning" id="${k}-warn">${escapeHtml(w)}</p>`;
  };
  const number = (k: string, min: number, value: string): string => `<input type="number" id="${k}" name="${k}" min="${String(min)}" value="${typed(k, value)}">${warn(k)}`;
  return (
    `<fieldset><legend>${tr(ctx, 'Caps (optional)', 'Ограничения (необязательно)')}</legend><p class="help">${tr(ctx, 'Leave a cap empty for none. The server enforces them; the Monitor shows how near each one is.', 'Пустое поле — без ограничения. Их соблюдает сервер; на экране «Мониторинг» видно, насколько близко каждое.')}</p>` +
    field('max_responses', tr(ctx, 'Close the survey after this many responses', 'Закрыть опрос после стольких ответов'), tr(ctx, 'Then new visitors see a polite “this survey has closed” page in every study language. Anyone who has already started may finish, and every finished response is kept, so the total can end a little above the cap.', 'После этого новые посетители видят вежливую страницу «опрос закрыт» на каждом языке исследования. Те, кто уже начал, могут закончить, и каждый законченный ответ сохраняется, поэтому итог может немного превысить ограничение.'), number('max_responses', 1, s.maxResponses)) +
    field('max_wave', tr(ctx, 'Deepest wave recruited', 'Самая глубокая волна рекрутирования'), tr(ctx, 'Seeds are wave 0. Respondents of this wave receive no coupons to pass on; coupons already handed out may still be used.', 'Семена — волна 0. Респонденты этой волны не получают купонов для передачи; уже выданные купоны действуют.'), number('max_wave', 0, s.maxWave)) +
    field('max_chain', tr(ctx, "Most respondents in one seed's chain", 'Наибольший размер цепочки одного семени'), tr(ctx, 'Stops a chain that dominates: once it holds this many respondents, nobody in it receives coupons; coupons already out may still bring a few more.', 'Останавливает цепочку, которая доминирует: когда в ней столько респондентов, никто в ней больше не получает купонов; уже выданные купоны могут привести ещё нескольких.'), number('max_chain', 2, s.maxChainSize)) +
    `</fieldset>`
  );
}

function settingsForm(ctx: StudioContext, id: string, s: FieldworkSettings, notice: FieldworkNotice): string {
  const typed = (k: string, fallback: string): string => escapeHtml(notice.typed?.get(k) ?? fallback);
  const problem = (k: string): string => {
    const p = notice.fieldProblems?.[k];
    return p === undefined ? '' : `<p class="error" id="${k}-err">${escapeHtml(p)}</p>`;
  };
  const field: FieldHtml = (k, label, help, input) => `<label for="${k}">${label}</label><p class="help">${help}</p>${problem(k)}${input}`;
  const period = (p: string, en: string, ru: string): string => `<option value="${p}"${s.period === p ? ' selected' : ''}>${tr(ctx, en, ru)}</option>`;
  return (
    `<div class="card"><h2>${tr(ctx, 'Settings', 'Настройки')}</h2><form method="post" action="${escapeHtml(studyPath(id, '/fieldwork/settings'))}">${csrfField(ctx)}` +
    field('coupons', tr(ctx, 'Coupons each respondent receives to pass on', 'Сколько купонов получает каждый респондент для передачи'), tr(ctx, '0 to 20; three is usual in respondent-driven sampling.', 'От 0 до 20; обычно три.'), `<input type="number" id="coupons" name="coupons" min="0" max="20" value="${typed('coupons', String(s.couponsPerRespondent))}">`) +
    field('valid_days', tr(ctx, 'Coupons expire after (days)', 'Срок действия купонов (дней)'), tr(ctx, 'Empty: they never expire.', 'Пусто — без срока.'), `<input type="number" id="valid_days" name="valid_days" min="1" max="3650" value="${typed('valid_days', s.couponValidDays)}">`) +
    `<label class="inline"><input type="checkbox" name="entry" value="1"${s.entryWithoutCoupon ? ' checked' : ''}> ${tr(ctx, 'Anyone may start without a coupon (then they count as a seed)', 'Начать можно и без купона (тогда респондент считается «семенем»)')}</label>` +
    field('period', tr(ctx, 'How precisely the time of a response is kept', 'С какой точностью хранится время ответа'), tr(ctx, 'Never finer than a day: a precise time can identify a respondent.', 'Не точнее дня: точное время может выдать респондента.'), `<select id="period" name="period">${period('week', 'the week', 'неделя')}${period('month', 'the month', 'месяц')}${period('day', 'the day', 'день')}</select>`) +
    field('public', tr(ctx, 'Survey address on the web', 'Адрес опроса в интернете'), tr(ctx, 'Shown on the thank-you page beside the coupons, e.g. https://survey.example.org/s/', 'Показывается на странице благодарности рядом с купонами, например https://survey.example.org/s/') + escapeHtml(id), `<input type="url" id="public" name="public" value="${typed('public', s.publicAddress)}">`) +
    field('onion', tr(ctx, 'Survey address as a Tor onion service', 'Адрес опроса в Tor (onion)'), tr(ctx, 'http://…56 letters and digits….onion — from the server after install.sh.', 'http://…56 букв и цифр….onion — берётся на сервере после install.sh.'), `<input type="text" id="onion" name="onion" value="${typed('onion', s.onionAddress)}" spellcheck="false">`) +
    capsFields(ctx, s, field, typed) +
    `<div class="actions"><button class="go">${tr(ctx, 'Save the settings', 'Сохранить настройки')}</button></div></form></div>`
  );
}

export function fieldworkScreen(ctx: StudioContext, id: string, notice: FieldworkNotice = {}): string {
  const s = readSettings(ctx.workspace, id);
  const store = localStore(ctx.workspace, id);
  const connection = getServerConnection(ctx.workspace, id);
  const action = (sub: string): string => escapeHtml(studyPath(id, `/fieldwork/${sub}`));
  const storeField = `<details class="advanced"><summary>${tr(ctx, 'Advanced: which server store', 'Дополнительно: хранилище сервера')}</summary><label for="STORE">${tr(ctx, "The server's store", 'Хранилище сервера')}</label><p class="help">${tr(ctx, 'For a server on this computer keep the default. For a remote server, run the command in the bundle on the server instead.', 'Для сервера на этом компьютере оставьте как есть. Для удалённого сервера выполните команду из пакета на самом сервере.')}</p><input type="text" id="STORE" name="store" value="${escapeHtml(store)}" spellcheck="false"></details>`;
  const message = (notice.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(notice.error)}</p>`) + (notice.ok === undefined ? '' : `<p class="ok" role="status">${escapeHtml(notice.ok)}</p>`);
  const body =
    `<h1>${tr(ctx, 'Fieldwork', 'Полевой этап')}</h1>${message}${settingsForm(ctx, id, s, notice)}` +
    `<div class="card"><h2>${tr(ctx, 'Seed coupons', 'Стартовые купоны')}</h2><p class="help">${tr(ctx, 'Seeds are the first respondents you invite yourself; each gets one coupon. The codes are shown once, on a sheet to print; the server keeps only a keyed hash of each.', '«Семена» — первые респонденты, которых вы приглашаете сами; каждый получает один купон. Коды показываются один раз на листе для печати; сервер хранит только их хэши.')}</p>` +
    `<form method="post" action="${action('coupons')}">${csrfField(ctx)}<label for="n">${tr(ctx, 'How many', 'Сколько')}</label><input type="number" id="n" name="n" min="1" max="1000" value="12">` +
    `<label for="expiry">${tr(ctx, 'Last period they may be used in (optional)', 'До какого периода они действуют (необязательно)')}</label><p class="help">${tr(ctx, 'A week 2025-W30, a month 2025-07 or a day 2025-07-28.', 'Неделя 2025-W30, месяц 2025-07 или день 2025-07-28.')}</p><input type="text" id="expiry" name="expiry" value="">` +
    `${storeField.replaceAll('STORE', 'coupon-store')}<div class="actions"><button class="go">${tr(ctx, 'Issue and print', 'Выпустить и распечатать')}</button></div></form></div>` +
    `<div class="card"><h2>${tr(ctx, 'Researcher token', 'Токен исследователя')}</h2><p class="help">${tr(ctx, 'The studio pulls sealed responses and watches fieldwork with it; it cannot open a response. It is kept in the workspace (secrets/), never shown in an address.', 'С ним студия забирает запечатанные ответы и следит за полевым этапом; открыть ответ он не может. Хранится в рабочей папке (secrets/), никогда не попадает в адрес страницы.')}</p>` +
    `<form method="post" action="${action('token')}">${csrfField(ctx)}<label for="url">${tr(ctx, "The server's address", 'Адрес сервера')}</label><input type="text" id="url" name="url" value="${escapeHtml(connection?.url ?? 'http://127.0.0.1:8080')}" spellcheck="false">` +
    `<label for="socks">${tr(ctx, 'SOCKS proxy for an onion server (optional)', 'SOCKS-прокси для onion-сервера (необязательно)')}</label><input type="text" id="socks" name="socks" value="${escapeHtml(connection?.socksProxy ?? '')}" placeholder="socks5h://127.0.0.1:9050" spellcheck="false">` +
    `${storeField.replaceAll('STORE', 'token-store')}<div class="actions"><button class="go">${tr(ctx, 'Create the token', 'Создать токен')}</button></div></form>` +
    (connection === undefined ? '' : `<p class="help">${tr(ctx, 'Connected to', 'Подключено к')} <span class="mono">${escapeHtml(connection.url)}</span></p>`) + `</div>` +
    `<div class="card"><h2>${tr(ctx, 'Deploy bundle for the server', 'Пакет для установки на сервер')}</h2><p class="help">${tr(ctx, 'The study folder without any secret (questionnaire, public key, settings), a systemd unit, a Tor onion service snippet, backups, install.sh and COMMANDS.txt with each step.', 'Папка исследования без секретов (анкета, открытый ключ, настройки), модуль systemd, настройка onion-сервиса Tor, резервные копии, install.sh и COMMANDS.txt со всеми шагами.')}</p>` +
    `<form method="post" action="${action('bundle')}">${csrfField(ctx)}<label for="bstore">${tr(ctx, 'Database on the server', 'База данных на сервере')}</label><select id="bstore" name="store"><option value="sqlite">SQLite (${tr(ctx, 'simplest', 'проще всего')})</option><option value="postgres">PostgreSQL</option></select>` +
    `<label for="port">${tr(ctx, 'Local port Tor forwards to', 'Локальный порт, на который Tor передаёт запросы')}</label><input type="number" id="port" name="port" value="8080" min="1" max="65535">` +
    `<div class="actions"><button class="go">${tr(ctx, 'Download the bundle (.tar.gz)', 'Скачать пакет (.tar.gz)')}</button></div></form></div>`;
  return layout(ctx, { title: tr(ctx, 'Fieldwork', 'Полевой этап'), study: id, section: 'fieldwork', body });
}

/** The printable sheet of seed coupons, shown once. */
export function couponSheet(ctx: StudioContext, id: string, codes: readonly string[]): string {
  const cells = codes.map((c, i) => `<div class="cut"><span class="help">${String(i + 1)}.</span> <span class="coupon">${escapeHtml(c)}</span></div>`).join('');
  const body =
    `<p class="error noprint" role="alert">${tr(ctx, 'Print this now: the codes are shown only this once and are not saved anywhere.', 'Распечатайте сейчас: коды показываются только один раз и нигде не сохраняются.')}</p>` +
    `<div class="actions noprint"><a class="button" href="${escapeHtml(studyPath(id, '/fieldwork'))}">${tr(ctx, 'Back to Fieldwork', 'Назад')}</a><span class="help">${tr(ctx, "Print with your browser's Print command (Ctrl+P or ⌘P).", 'Печать — командой «Печать» браузера (Ctrl+P или ⌘P).')}</span></div>` +
    `<div class="sheet"><h1>${escapeHtml(id)}: ${String(codes.length)} ${tr(ctx, 'seed coupons', 'стартовых купонов')}</h1><p>${tr(ctx, 'Cut along the lines; give one to each seed. Each coupon works once.', 'Разрежьте по линиям и дайте по одному каждому «семени». Каждый купон действует один раз.')}</p>${cells}</div>`;
  return layout(ctx, { title: tr(ctx, 'Seed coupons', 'Стартовые купоны'), study: id, section: 'fieldwork', body });
}
