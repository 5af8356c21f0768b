// The Keys screen: make the study key with a typed passphrase, split it among the team, rebuild it, print its sheets.

import { readStudy } from '../studies/study-file.ts';
import { csrfField, escapeHtml, layout, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { sealStatus } from '../seal-status.ts';
import { keyFile } from '../workspace.ts';
import type { StrengthVerdict } from './passphrase-strength.ts';

export interface KeysNotice {
  /** What went wrong (never the passphrase itself). */
  readonly error?: string;
  readonly ok?: string;
  readonly strength?: StrengthVerdict;
}

export function strengthLine(ctx: StudioContext, v: StrengthVerdict): string {
  const word = { weak: tr(ctx, 'weak', 'слабый'), fair: tr(ctx, 'fair', 'средний'), good: tr(ctx, 'good', 'хороший') }[v.strength];
  return `<p>${tr(ctx, 'Passphrase strength', 'Надёжность пароля')}: <span class="strength ${v.strength}">${word}</span> (${tr(ctx, `about ${String(v.bits)} bits`, `около ${String(v.bits)} бит`)})</p>`;
}

const passphraseFields = (ctx: StudioContext, what: string): string =>
  `<label for="passphrase">${what}</label>` +
  `<p class="help">${tr(ctx, 'At least 12 characters; a sentence of four or more unusual words is best. Without it (or enough shares) the responses can never be opened — nobody can recover it, not even portas.', 'Не короче 12 символов; лучше всего фраза из четырёх и более необычных слов. Без него (или достаточного числа долей) ответы не открыть никогда — восстановить его не может никто, даже portas.')}</p>` +
  `<input type="password" id="passphrase" name="passphrase" autocomplete="new-password" required minlength="12">` +
  `<label for="confirm">${tr(ctx, 'The same passphrase again', 'Тот же пароль ещё раз')}</label><input type="password" id="confirm" name="confirm" autocomplete="new-password" required>`;

const splitFields = (ctx: StudioContext): string =>
  `<label for="holders">${tr(ctx, 'Share holders, one name per line (each gets one printed share)', 'Владельцы долей, по одному имени в строке (каждый получит одну распечатанную долю)')}</label>` +
  `<p class="help">${tr(ctx, 'Leave it empty to keep a single key with no shares.', 'Оставьте пустым, чтобы не делить ключ.')}</p><textarea id="holders" name="holders" rows="4" spellcheck="false"></textarea>` +
  `<label for="threshold">${tr(ctx, 'How many of them together can open the responses', 'Сколько из них вместе могут открыть ответы')}</label>` +
  `<input type="number" id="threshold" name="threshold" min="2" max="255" value="2">`;

export function keysScreen(ctx: StudioContext, id: string, notice: KeysNotice = {}): string {
  const seal = sealStatus(ctx.workspace, id);
  const action = (sub: string): string => escapeHtml(studyPath(id, `/keys/${sub}`));
  const message = (notice.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(notice.error)}</p>`) + (notice.ok === undefined ? '' : `<p class="ok" role="status">${escapeHtml(notice.ok)}</p>`) + (notice.strength === undefined ? '' : strengthLine(ctx, notice.strength));
  let body = `<h1>${tr(ctx, 'Keys', 'Ключи')}</h1>${message}`;
  if (readStudy(ctx.workspace, id) === undefined) return layout(ctx, { title: id, body: `<h1>${tr(ctx, 'No such study', 'Такого исследования нет')}</h1>` });
  if (seal.keyId === undefined) {
    body +=
      `<div class="card"><h2>${tr(ctx, 'Make the study key', 'Создать ключ исследования')}</h2>` +
      `<p>${tr(ctx, 'Every response is sealed on the server with the public half of this key. Only the private half, kept here and locked with your passphrase, opens them. The server never sees it.', 'Каждый ответ запечатывается на сервере открытой частью этого ключа. Открыть ответы может только закрытая часть, которая хранится здесь под вашим паролем. Сервер её никогда не видит.')}</p>` +
      `<form method="post" action="${action('make')}">${csrfField(ctx)}${passphraseFields(ctx, tr(ctx, 'Passphrase for the key', 'Пароль ключа'))}` +
      `<h3>${tr(ctx, 'Share it among the team (optional)', 'Разделить между членами команды (по желанию)')}</h3>` +
      `<p class="help">${tr(ctx, 'So that no single lost passphrase or person loses the data: the key is split into shares, and any chosen number of holders together rebuild it.', 'Чтобы данные не пропали из-за одного забытого пароля или одного человека: ключ делится на доли, и заданное число владельцев вместе его восстанавливают.')}</p>` +
      `${splitFields(ctx)}<div class="actions"><button class="go">${tr(ctx, 'Make the key', 'Создать ключ')}</button></div></form></div>`;
    return layout(ctx, { title: tr(ctx, 'Keys', 'Ключи'), study: id, section: 'keys', body });
  }
  const who = seal.shares === undefined ? tr(ctx, 'not split: only the key file and its passphrase open the responses', 'не разделён: ответы открывают только файл ключа и его пароль') : tr(ctx, `any ${String(seal.shares.threshold)} of ${String(seal.shares.holders.length)}: ${seal.shares.holders.join(', ')}`, `любые ${String(seal.shares.threshold)} из ${String(seal.shares.holders.length)}: ${seal.shares.holders.join(', ')}`);
  body +=
    `<div class="card"><table><tbody>` +
    `<tr><th>${tr(ctx, 'Key fingerprint', 'Отпечаток ключа')}</th><td class="mono">${escapeHtml(seal.keyId)}</td></tr>` +
    `<tr><th>${tr(ctx, 'Kind', 'Тип')}</th><td>${tr(ctx, 'post-quantum hybrid (ML-KEM-768 + X25519); age ≥ 1.3 opens it too', 'постквантовый гибрид (ML-KEM-768 + X25519); его открывает и age ≥ 1.3')}</td></tr>` +
    `<tr><th>${tr(ctx, 'Private key file', 'Файл закрытого ключа')}</th><td class="mono">${seal.keyHere ? escapeHtml(keyFile(ctx.workspace, id)) : tr(ctx, 'not in this workspace — rebuild it from shares below', 'нет в этой рабочей папке — восстановите его из долей ниже')}</td></tr>` +
    `<tr><th>${tr(ctx, 'Shares', 'Доли')}</th><td>${escapeHtml(who)}</td></tr></tbody></table>` +
    `<div class="actions"><a class="button" href="${action('sheet')}">${tr(ctx, 'Recovery sheet (print it)', 'Лист восстановления (распечатать)')}</a></div></div>`;
  if (seal.keyHere) {
    body +=
      `<div class="card"><h2>${tr(ctx, 'Check that you remember the passphrase', 'Проверить, что вы помните пароль')}</h2><form method="post" action="${action('check')}">${csrfField(ctx)}` +
      `<label for="check">${tr(ctx, 'Passphrase', 'Пароль')}</label><input type="password" id="check" name="passphrase" autocomplete="current-password" required>` +
      `<div class="actions"><button>${tr(ctx, 'Check', 'Проверить')}</button></div></form></div>`;
    if (seal.shares === undefined) {
      body +=
        `<div class="card"><h2>${tr(ctx, 'Share the key among the team', 'Разделить ключ между членами команды')}</h2><form method="post" action="${action('split')}">${csrfField(ctx)}` +
        `<label for="passphrase">${tr(ctx, 'The key passphrase', 'Пароль ключа')}</label><input type="password" id="passphrase" name="passphrase" autocomplete="current-password" required>` +
        `${splitFields(ctx)}<div class="actions"><button class="go">${tr(ctx, 'Make the shares', 'Создать доли')}</button></div></form></div>`;
    }
  } else {
    body +=
      `<div class="card"><h2>${tr(ctx, 'Rebuild the key from shares', 'Восстановить ключ из долей')}</h2><form method="post" action="${action('restore')}">${csrfField(ctx)}` +
      `<label for="shares">${tr(ctx, 'The shares, one per line (as printed: portas-share-…)', 'Доли, по одной в строке (как напечатано: portas-share-…)')}</label><textarea id="shares" name="shares" spellcheck="false" required></textarea>` +
      `${passphraseFields(ctx, tr(ctx, 'A new passphrase for the rebuilt key file', 'Новый пароль для восстановленного файла ключа'))}<div class="actions"><button class="go">${tr(ctx, 'Rebuild the key', 'Восстановить ключ')}</button></div></form></div>`;
  }
  return layout(ctx, { title: tr(ctx, 'Keys', 'Ключи'), study: id, section: 'keys', body });
}
