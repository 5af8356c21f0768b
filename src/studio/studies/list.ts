// The Studies screen: every study in the workspace, with whether it has a key, and the way to a new one.

import { pick } from '../../core/text.ts';
import { escapeHtml, layout, studyPath, tr } from '../layout.ts';
import { html, type StudioRoute } from '../route.ts';
import { sealStatus } from '../seal-status.ts';
import { studyIds } from '../workspace.ts';
import { readStudy } from './study-file.ts';

export const studiesList: StudioRoute = {
  method: 'GET',
  pattern: '/',
  handle({ ctx }) {
    const rows = studyIds(ctx.workspace).map((id) => {
      const s = readStudy(ctx.workspace, id);
      const title = s?.instrument === undefined ? tr(ctx, '(has problems — open it to see them)', '(есть ошибки — откройте, чтобы увидеть)') : pick(s.instrument.title, ctx.lang, s.instrument.languages[0]);
      const seal = sealStatus(ctx.workspace, id);
      const key = seal.keyId === undefined ? tr(ctx, 'no key yet', 'ключа ещё нет') : `${tr(ctx, 'sealed to key', 'запечатано ключом')} <span class="mono">${escapeHtml(seal.keyId)}</span>`;
      return `<tr><td><a href="${escapeHtml(studyPath(id))}">${escapeHtml(id)}</a></td><td>${escapeHtml(title)}</td><td>${escapeHtml(s?.instrument?.languages.join(', ') ?? '')}</td><td>${key}</td></tr>`;
    });
    const table = rows.length === 0
      ? `<p>${tr(ctx, 'No studies in this workspace yet.', 'В этой рабочей папке ещё нет исследований.')}</p>`
      : `<table><thead><tr><th>${tr(ctx, 'Study', 'Исследование')}</th><th>${tr(ctx, 'Title', 'Название')}</th><th>${tr(ctx, 'Languages', 'Языки')}</th><th>${tr(ctx, 'Key', 'Ключ')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    const body =
      `<h1>${tr(ctx, 'Studies', 'Исследования')}</h1>${table}` +
      `<div class="actions"><a class="button go" href="/new">${tr(ctx, 'New study', 'Новое исследование')}</a></div>` +
      `<p class="help">${tr(ctx, 'Workspace folder', 'Рабочая папка')}: <span class="mono">${escapeHtml(ctx.workspace)}</span></p>`;
    return Promise.resolve(html(layout(ctx, { title: tr(ctx, 'Studies', 'Исследования'), body })));
  },
};
