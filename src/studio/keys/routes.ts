// The Keys screens of a study: make, check, split, rebuild, and the printed sheets.

import { escapeHtml } from '../layout.ts';
import { html, type StudioContext, type StudioRequest, type StudioResponse, type StudioRoute } from '../route.ts';
import { readStudy } from '../studies/study-file.ts';
import { makeKey, restoreKey, splitKey, unlockKey } from './key-files.ts';
import { recoverySheet, shareSheets } from './key-sheets.ts';
import { keysScreen, type KeysNotice } from './keys-screen.ts';
import { passphraseStrength } from './passphrase-strength.ts';
import { tr } from '../layout.ts';
import type { StudyKey } from '../../crypto/index.ts';

const screen = (ctx: StudioContext, id: string, notice: KeysNotice, status = 200): StudioResponse => html(keysScreen(ctx, id, notice), status);

/** The typed passphrase twice, strong enough; or why not. */
function newPassphrase(req: StudioRequest): { ok: true; value: string } | { ok: false; notice: KeysNotice } {
  const p = req.form.get('passphrase') ?? '';
  const strength = passphraseStrength(p);
  if (p !== (req.form.get('confirm') ?? '')) return { ok: false, notice: { error: tr(req.ctx, 'The two passphrases differ: type the same one twice.', 'Пароли не совпадают: введите один и тот же дважды.') } };
  if (strength.strength === 'weak') return { ok: false, notice: { error: tr(req.ctx, 'This passphrase is too easy to guess: make it longer, or use a sentence of four or more unusual words.', 'Этот пароль слишком легко подобрать: сделайте его длиннее или возьмите фразу из четырёх и более необычных слов.'), strength } };
  return { ok: true, value: p };
}

/** The non-blank lines of a form field (share holders, pasted shares). */
const formLines = (req: StudioRequest, name: string): string[] => (req.form.get(name) ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');

/** Holders and threshold from the form; undefined when no split was asked for. */
function splitRequest(req: StudioRequest): { holders: string[]; threshold: number } | string | undefined {
  const holders = formLines(req, 'holders');
  if (holders.length === 0) return undefined;
  const threshold = Number(req.form.get('threshold') ?? '2');
  if (new Set(holders).size !== holders.length) return tr(req.ctx, 'Each share holder must be named once.', 'Каждый владелец доли должен быть указан один раз.');
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > holders.length) return tr(req.ctx, `The number who together open the key must be from 2 to ${String(holders.length)} (the number of holders).`, `Число владельцев, открывающих ключ вместе, должно быть от 2 до ${String(holders.length)} (числа владельцев).`);
  return { holders, threshold };
}

const missing = (req: StudioRequest): StudioResponse => html(`<!doctype html><title>not found</title><p>${escapeHtml(tr(req.ctx, 'No such study.', 'Такого исследования нет.'))}</p>`, 404);

/** A route on one study's keys: a study that is not in the workspace is answered 404 before anything else. */
function onStudy(method: StudioRoute['method'], pattern: string, handle: (req: StudioRequest, id: string) => Promise<StudioResponse>): StudioRoute {
  return {
    method,
    pattern,
    handle(req) {
      const id = req.params['study'] ?? '';
      return readStudy(req.ctx.workspace, id) === undefined ? Promise.resolve(missing(req)) : handle(req, id);
    },
  };
}

/** Splits an unlocked key among the holders and answers the share sheets to print. */
async function splitAndPrint(req: StudioRequest, id: string, key: StudyKey, split: { holders: string[]; threshold: number }): Promise<StudioResponse> {
  const shares = await splitKey(req.ctx.workspace, id, key, split.threshold, split.holders);
  if (!shares.ok) return screen(req.ctx, id, { error: shares.message }, 422);
  return html(shareSheets(req.ctx, id, key.keyId, split.threshold, split.holders, shares.value));
}

export const routes: readonly StudioRoute[] = [
  onStudy('GET', '/studies/:study/keys', (req, id) => Promise.resolve(screen(req.ctx, id, {}))),
  onStudy('GET', '/studies/:study/keys/sheet', (req, id) => Promise.resolve(html(recoverySheet(req.ctx, id)))),
  onStudy('POST', '/studies/:study/keys/make', async (req, id) => {
    const passphrase = newPassphrase(req);
    if (!passphrase.ok) return screen(req.ctx, id, passphrase.notice, 422);
    const split = splitRequest(req);
    if (typeof split === 'string') return screen(req.ctx, id, { error: split }, 422);
    const key = await makeKey(req.ctx.workspace, id, passphrase.value);
    if (!key.ok) return screen(req.ctx, id, { error: key.message }, 409);
    if (split === undefined) return screen(req.ctx, id, { ok: tr(req.ctx, `Key ${key.value.keyId} made. Print the recovery sheet now and keep it safe.`, `Ключ ${key.value.keyId} создан. Распечатайте лист восстановления и храните его надёжно.`), strength: passphraseStrength(passphrase.value) });
    return splitAndPrint(req, id, key.value, split);
  }),
  onStudy('POST', '/studies/:study/keys/check', async (req, id) => {
    const key = await unlockKey(req.ctx.workspace, id, req.form.get('passphrase') ?? '');
    return key.ok ? screen(req.ctx, id, { ok: tr(req.ctx, 'Correct: this passphrase opens the key.', 'Верно: этот пароль открывает ключ.') }) : screen(req.ctx, id, { error: tr(req.ctx, `That passphrase does not open the key (${key.message}).`, `Этот пароль не открывает ключ (${key.message}).`) }, 422);
  }),
  onStudy('POST', '/studies/:study/keys/split', async (req, id) => {
    const split = splitRequest(req);
    if (split === undefined || typeof split === 'string') return screen(req.ctx, id, { error: split ?? tr(req.ctx, 'Name the share holders, one per line.', 'Укажите владельцев долей, по одному в строке.') }, 422);
    const key = await unlockKey(req.ctx.workspace, id, req.form.get('passphrase') ?? '');
    if (!key.ok) return screen(req.ctx, id, { error: key.message }, 422);
    return splitAndPrint(req, id, key.value, split);
  }),
  onStudy('POST', '/studies/:study/keys/restore', async (req, id) => {
    const passphrase = newPassphrase(req);
    if (!passphrase.ok) return screen(req.ctx, id, passphrase.notice, 422);
    const key = await restoreKey(req.ctx.workspace, id, formLines(req, 'shares'), passphrase.value);
    if (!key.ok) return screen(req.ctx, id, { error: key.message }, 422);
    return screen(req.ctx, id, { ok: tr(req.ctx, `Key ${key.value.keyId} rebuilt and locked with the new passphrase.`, `Ключ ${key.value.keyId} восстановлен и заперт новым паролем.`) });
  }),
];
