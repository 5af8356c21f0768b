// The Keys screens of a study: make, check, split, rebuild, and the printed sheets.

import { escapeHtml } from '../layout.ts';
import { html, type StudioContext, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { readStudy } from '../studies/study-file.ts';
import { makeKey, restoreKey, splitKey, unlockKey } from './key-files.ts';
import { recoverySheet, shareSheets } from './key-sheets.ts';
import { keysScreen, type KeysNotice } from './keys-screen.ts';
import { passphraseStrength } from './passphrase-strength.ts';
import { tr } from '../layout.ts';

const screen = (ctx: StudioContext, id: string, notice: KeysNotice, status = 200): StudioResponse => html(keysScreen(ctx, id, notice), status);

/** The typed passphrase twice, strong enough; or why not. */
function newPassphrase(req: StudioRequest): { ok: true; value: string } | { ok: false; notice: KeysNotice } {
  const p = req.form.get('passphrase') ?? '';
  const strength = passphraseStrength(p);
  if (p !== (req.form.get('confirm') ?? '')) return { ok: false, notice: { error: tr(req.ctx, 'The two passphrases differ: type the same one twice.', 'Пароли не совпадают: введите один и тот же дважды.') } };
  if (strength.strength === 'weak') return { ok: false, notice: { error: tr(req.ctx, 'This passphrase is too easy to guess: make it longer, or use a sentence of four or more unusual words.', 'Этот пароль слишком легко подобрать: сделайте его длиннее или возьмите фразу из четырёх и более необычных слов.'), strength } };
  return { ok: true, value: p };
}

/** Holders and threshold from the form; undefined when no split was asked for. */
function splitRequest(req: StudioRequest): { holders: string[]; threshold: number } | string | undefined {
  const holders = (req.form.get('holders') ?? '').split('\n').map((h) => h.trim()).filter((h) => h !== '');
  if (holders.length === 0) return undefined;
  const threshold = Number(req.form.get('threshold') ?? '2');
  if (new Set(holders).size !== holders.length) return tr(req.ctx, 'Each share holder must be named once.', 'Каждый владелец доли должен быть указан один раз.');
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > holders.length) return tr(req.ctx, `The number who together open the key must be from 2 to ${String(holders.length)} (the number of holders).`, `Число владельцев, открывающих ключ вместе, должно быть от 2 до ${String(holders.length)} (числа владельцев).`);
  return { holders, threshold };
}

const study = (req: StudioRequest): string | undefined => {
  const id = req.params['study'] ?? '';
  return readStudy(req.ctx.workspace, id) === undefined ? undefined : id;
};
const missing = (req: StudioRequest): StudioResponse => html(`<!doctype html><title>not found</title><p>${escapeHtml(tr(req.ctx, 'No such study.', 'Такого исследования нет.'))}</p>`, 404);

export const routes: readonly StudioRoute[] = [
  { method: 'GET', pattern: '/studies/:study/keys', handle: (req) => Promise.resolve(study(req) === undefined ? missing(req) : screen(req.ctx, study(req) ?? '', {})) },
  { method: 'GET', pattern: '/studies/:study/keys/sheet', handle: (req) => Promise.resolve(study(req) === undefined ? missing(req) : html(recoverySheet(req.ctx, study(req) ?? ''))) },
  {
    method: 'POST',
    pattern: '/studies/:study/keys/make',
    async handle(req) {
      const id = study(req);
      if (id === undefined) return missing(req);
      const passphrase = newPassphrase(req);
      if (!passphrase.ok) return screen(req.ctx, id, passphrase.notice, 422);
      const split = splitRequest(req);
      if (typeof split === 'string') return screen(req.ctx, id, { error: split }, 422);
      const key = await makeKey(req.ctx.workspace, id, passphrase.value);
      if (!key.ok) return screen(req.ctx, id, { error: key.message }, 409);
      if (split === undefined) return screen(req.ctx, id, { ok: tr(req.ctx, `Key ${key.value.keyId} made. Print the recovery sheet now and keep it safe.`, `Ключ ${key.value.keyId} создан. Распечатайте лист восстановления и храните его надёжно.`), strength: passphraseStrength(passphrase.value) });
      const shares = await splitKey(req.ctx.workspace, id, key.value, split.threshold, split.holders);
      if (!shares.ok) return screen(req.ctx, id, { error: shares.message }, 422);
      return html(shareSheets(req.ctx, id, key.value.keyId, split.threshold, split.holders, shares.value));
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/keys/check',
    async handle(req) {
      const id = study(req);
      if (id === undefined) return missing(req);
      const key = await unlockKey(req.ctx.workspace, id, req.form.get('passphrase') ?? '');
      return key.ok ? screen(req.ctx, id, { ok: tr(req.ctx, 'Correct: this passphrase opens the key.', 'Верно: этот пароль открывает ключ.') }) : screen(req.ctx, id, { error: tr(req.ctx, `That passphrase does not open the key (${key.message}).`, `Этот пароль не открывает ключ (${key.message}).`) }, 422);
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/keys/split',
    async handle(req) {
      const id = study(req);
      if (id === undefined) return missing(req);
      const split = splitRequest(req);
      if (split === undefined || typeof split === 'string') return screen(req.ctx, id, { error: split ?? tr(req.ctx, 'Name the share holders, one per line.', 'Укажите владельцев долей, по одному в строке.') }, 422);
      const key = await unlockKey(req.ctx.workspace, id, req.form.get('passphrase') ?? '');
      if (!key.ok) return screen(req.ctx, id, { error: key.message }, 422);
      const shares = await splitKey(req.ctx.workspace, id, key.value, split.threshold, split.holders);
      if (!shares.ok) return screen(req.ctx, id, { error: shares.message }, 422);
      return html(shareSheets(req.ctx, id, key.value.keyId, split.threshold, split.holders, shares.value));
    },
  },
  {
    method: 'POST',
    pattern: '/studies/:study/keys/restore',
    async handle(req) {
      const id = study(req);
      if (id === undefined) return missing(req);
      const passphrase = newPassphrase(req);
      if (!passphrase.ok) return screen(req.ctx, id, passphrase.notice, 422);
      const texts = (req.form.get('shares') ?? '').split('\n').map((s) => s.trim()).filter((s) => s !== '');
      const key = await restoreKey(req.ctx.workspace, id, texts, passphrase.value);
      if (!key.ok) return screen(req.ctx, id, { error: key.message }, 422);
      return screen(req.ctx, id, { ok: tr(req.ctx, `Key ${key.value.keyId} rebuilt and locked with the new passphrase.`, `Ключ ${key.value.keyId} восстановлен и заперт новым паролем.`) });
    },
  },
];
