// The page shell every studio screen shares: the top bar, the study's tabs, and the sealed-responses badge.

import { STUDIO_STYLE } from './studio-style.ts';
import { sealStatus } from './seal-status.ts';
import type { StudioContext } from './route.ts';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double-quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The form field name the server checks on every POST. */
export const CSRF_FIELD = 'csrf';

/** The hidden anti-forgery field every POST form of the studio must carry. */
export const csrfField = (ctx: StudioContext): string => `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(ctx.csrfToken)}">`;

/** Text in the studio's language: `tr(ctx, 'Studies', 'Исследования')`. */
export const tr = (ctx: StudioContext, en: string, ru: string): string => (ctx.lang === 'ru' ? ru : en);

/** The tabs of a study, in the order of its life: section id, path under /studies/ID, English and Russian. */
export const STUDY_SECTIONS = [
  ['questionnaire', '', 'Questionnaire', 'Анкета'],
  ['keys', '/keys', 'Keys', 'Ключи'],
  ['fieldwork', '/fieldwork', 'Fieldwork', 'Полевой этап'],
  ['monitor', '/monitor', 'Monitor', 'Мониторинг'],
  ['data', '/data', 'Data', 'Данные'],
  ['report', '/report', 'Report', 'Отчёт'],
] as const;

export const studyPath = (study: string, sub = ''): string => `/studies/${encodeURIComponent(study)}${sub}`;

function badge(ctx: StudioContext, study: string | undefined): string {
  const sealed = tr(ctx, 'Responses are sealed — only holders of the study key can open them', 'Ответы запечатаны — открыть их могут только владельцы ключа исследования');
  if (study === undefined) return `<div class="sealed" role="note">${sealed}</div>`;
  const s = sealStatus(ctx.workspace, study);
  if (s.keyId === undefined) {
    return `<div class="sealed nokey" role="note">${tr(ctx, 'This study has no key yet: make one (Keys) before fieldwork — responses are sealed to it.', 'У исследования ещё нет ключа: создайте его (Ключи) до начала опроса — ответы запечатываются им.')}</div>`;
  }
  const who = s.shares === undefined
    ? tr(ctx, 'the holder of the key file and its passphrase', 'владелец файла ключа и его пароля')
    : tr(ctx, `any ${String(s.shares.threshold)} of ${s.shares.holders.join(', ')} together, or the holder of the key file and its passphrase`, `любые ${String(s.shares.threshold)} из: ${s.shares.holders.join(', ')} вместе, или владелец файла ключа и его пароля`);
  return `<div class="sealed" role="note">${sealed}<small>${tr(ctx, 'key', 'ключ')} <span class="mono">${escapeHtml(s.keyId)}</span> · ${tr(ctx, 'can open', 'открыть могут')}: ${escapeHtml(who)}</small></div>`;
}

export function layout(ctx: StudioContext, page: { title: string; study?: string; section?: string; body: string }): string {
  const lang = ctx.lang === 'ru' ? 'en' : 'ru';
  const top =
    `<header class="top"><a class="brand" href="/">portas studio</a><a href="/">${tr(ctx, 'Studies', 'Исследования')}</a>` +
    `<form method="post" action="/lang">${csrfField(ctx)}<input type="hidden" name="back" value="${escapeHtml(page.study === undefined ? '/' : studyPath(page.study))}">` +
    `<button name="lang" value="${lang}" lang="${lang}">${lang === 'ru' ? 'Русский' : 'English'}</button></form></header>`;
  const tabs = page.study === undefined
    ? ''
    : `<nav class="study" aria-label="${tr(ctx, 'Study', 'Исследование')}"><span class="name">${escapeHtml(page.study)}</span>` +
      STUDY_SECTIONS.map(([id, sub, en, ru]) => `<a href="${escapeHtml(studyPath(page.study ?? '', sub))}"${page.section === id ? ' aria-current="page"' : ''}>${tr(ctx, en, ru)}</a>`).join('') +
      '</nav>';
  return (
    `<!doctype html><html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="referrer" content="same-origin"><title>${escapeHtml(page.title)} — portas studio</title><style>${STUDIO_STYLE}</style></head>` +
    `<body>${top}${badge(ctx, page.study)}${tabs}<main>${page.body}</main></body></html>`
  );
}
