// The printed key sheets: the recovery sheet (the locked key file on paper) and one page per share holder.

import { existsSync, readFileSync } from 'node:fs';
import { escapeHtml, layout, studyPath, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';
import { sealStatus } from '../seal-status.ts';
import { keyFile } from '../workspace.ts';

const printHint = (ctx: StudioContext, id: string): string =>
  `<div class="actions noprint"><a class="button" href="${escapeHtml(studyPath(id, '/keys'))}">${tr(ctx, 'Back to Keys', 'Назад к ключам')}</a>` +
  `<span class="help">${tr(ctx, "Print with your browser's Print command (Ctrl+P or ⌘P); each sheet comes out on its own page.", 'Печать — командой «Печать» браузера (Ctrl+P или ⌘P); каждый лист печатается на отдельной странице.')}</span></div>`;

/** The key file is passphrase-locked age text: on paper it is a backup that still needs the passphrase. */
export function recoverySheet(ctx: StudioContext, id: string): string {
  const seal = sealStatus(ctx.workspace, id);
  const file = keyFile(ctx.workspace, id);
  const locked = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const shares = seal.shares === undefined ? '' : `<p>${tr(ctx, `The key is also split: any ${String(seal.shares.threshold)} of ${seal.shares.holders.join(', ')} together rebuild it without the passphrase.`, `Ключ также разделён: любые ${String(seal.shares.threshold)} из ${seal.shares.holders.join(', ')} вместе восстанавливают его без пароля.`)}</p>`;
  const body =
    printHint(ctx, id) +
    `<div class="sheet"><h1>${tr(ctx, 'Recovery sheet', 'Лист восстановления')}: ${escapeHtml(id)}</h1>` +
    `<p>${tr(ctx, 'Key fingerprint', 'Отпечаток ключа')}: <strong class="mono">${escapeHtml(seal.keyId ?? '')}</strong></p>` +
    `<p>${tr(ctx, 'Keep this sheet locked away. Below is the private key file, locked with the passphrase: typed back into a file it opens the responses with the passphrase (portas open --key FILE, or age -d). Without the passphrase it is useless to whoever finds it.', 'Храните этот лист под замком. Ниже — файл закрытого ключа, запертый паролем: перепечатанный в файл, он вместе с паролем открывает ответы (portas open --key ФАЙЛ или age -d). Без пароля он бесполезен тому, кто его найдёт.')}</p>` +
    `${shares}<p>${tr(ctx, 'Passphrase hint (write by hand, never the passphrase itself)', 'Подсказка к паролю (от руки, но не сам пароль)')}: ______________________________</p>` +
    `<pre class="mono">${escapeHtml(locked)}</pre></div>`;
  return layout(ctx, { title: tr(ctx, 'Recovery sheet', 'Лист восстановления'), study: id, section: 'keys', body });
}

/** One page per holder; shown once, right after splitting (the shares are not kept anywhere). */
export function shareSheets(ctx: StudioContext, id: string, keyId: string, threshold: number, holders: readonly string[], shares: readonly string[]): string {
  const pages = shares.map((share, i) => {
    const holder = holders[i] ?? '';
    return (
      `<div class="sheet"><h1>${tr(ctx, 'Key share', 'Доля ключа')} ${String(i + 1)} / ${String(shares.length)}: ${escapeHtml(holder)}</h1>` +
      `<p>${tr(ctx, `Study ${id}, key ${keyId}. Any ${String(threshold)} of the ${String(shares.length)} shares together rebuild the key that opens the responses; fewer reveal nothing.`, `Исследование ${id}, ключ ${keyId}. Любые ${String(threshold)} из ${String(shares.length)} долей вместе восстанавливают ключ, открывающий ответы; меньшее число не раскрывает ничего.`)}</p>` +
      `<p class="share coupon">${escapeHtml(share)}</p>` +
      `<p>${tr(ctx, 'Keep it private and safe. When the team needs the key, type it into the studio (Keys → Rebuild the key from shares) or run: portas key join.', 'Храните в тайне и надёжно. Когда команде понадобится ключ, введите долю в студии (Ключи → Восстановить ключ из долей) или выполните: portas key join.')}</p></div>`
    );
  });
  const made = `<p class="ok noprint" role="status">${tr(ctx, `Key ${keyId} is ready, split into ${String(shares.length)} shares.`, `Ключ ${keyId} готов и разделён на ${String(shares.length)} долей.`)}</p>`;
  const warning = `${made}<p class="error noprint" role="alert">${tr(ctx, 'Print these now: the shares are shown only this once and are not saved anywhere.', 'Распечатайте сейчас: доли показываются только один раз и нигде не сохраняются.')}</p>`;
  return layout(ctx, { title: tr(ctx, 'Key shares', 'Доли ключа'), study: id, section: 'keys', body: warning + printHint(ctx, id) + pages.join('') });
}
