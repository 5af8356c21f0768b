// Caps as settings: refused values located in study.yaml, caps that cannot work together warned about, the Fieldwork
// form showing each problem beside its field, and the Monitor showing progress towards each cap with a warning near it.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderDiagnostic } from '../../src/core/diagnostic.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { monitorFigures } from '../../src/sampling/monitor-figures.ts';
import { capProgress, placeInTree } from '../../src/sampling/cap-progress.ts';
import { loadStudyRuntime } from '../../src/server/study-runtime.ts';
import { capsText } from '../../src/study/cap-words.ts';
import { getStudySettings, setStudySettings } from '../../src/study/settings.ts';
import { figuresHtml } from '../../src/studio/monitor/monitor-screen.ts';
import type { StudioContext, StudioRequest, StudioResponse } from '../../src/studio/route.ts';
import { ROUTES } from '../../src/studio/routes.ts';
import { studyDir } from '../../src/studio/workspace.ts';

const ws = mkdtempSync(join(tmpdir(), 'portas-studio-caps-'));
const ID = 'mini-study';
const dir = studyDir(ws, ID);
mkdirSync(dir, { recursive: true });
copyFileSync('test/instrument/fixtures/mini.yaml', join(dir, 'instrument.yaml'));
writeFileSync(join(dir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), ID));
const ctx: StudioContext = { workspace: ws, csrfToken: 't', lang: 'en' };

async function call(method: 'GET' | 'POST', pattern: string, form: Record<string, string> = {}): Promise<{ status: number | string; html: string }> {
  const route = ROUTES.find((r) => r.method === method && r.pattern === pattern);
  assert.ok(route, pattern);
  const req: StudioRequest = { method, path: pattern, params: { study: ID }, query: new URLSearchParams(), form: new Map(Object.entries(form)), files: new Map(), ctx };
  const r: StudioResponse = await route.handle(req);
  return { status: r.kind === 'html' ? (r.status ?? 200) : r.kind, html: r.kind === 'html' ? r.html : '' };
}

test('a refused cap is located at its line in study.yaml with its own code, in English and Russian', () => {
  writeFileSync(join(dir, 'study.yaml'), '# caps\ncoupons_per_respondent: 2\nmax_wave: -1\nmax_responses: 0\n');
  const d = getStudySettings(dir).diagnostics;
  const wave = d.find((x) => x.message.startsWith('max_wave'));
  assert.equal(wave?.code, 'study.cap');
  assert.equal(wave.position?.line, 3);
  assert.equal(d.find((x) => x.message.startsWith('max_responses'))?.position?.line, 4);
  assert.match(renderDiagnostic(wave, 'en'), /a cap is not valid.*max_wave must be a whole number of waves from 0 to 1000/s);
  assert.match(renderDiagnostic(wave, 'ru'), /ограничение задано неверно/);
  const runtime = loadStudyRuntime(dir);
  assert.ok(!runtime.ok && runtime.problems.some((p) => p.includes('max_wave')), 'the server refuses to start with it');
});

test('caps that cannot work together are warnings: located, and the server still starts', () => {
  writeFileSync(join(dir, 'study.yaml'), 'coupons_per_respondent: 0\nmax_wave: 2\nmax_responses: 100\nmax_chain_size: 100\n');
  const d = getStudySettings(dir).diagnostics;
  assert.deepEqual(d.map((x) => [x.code, x.severity, x.message.split(' ')[0], x.position?.line]), [
    ['study.cap-conflict', 'warning', 'max_wave', 2],
    ['study.cap-conflict', 'warning', 'max_chain_size', 4],
    ['study.cap-conflict', 'warning', 'max_chain_size', 4],
  ]);
  const runtime = loadStudyRuntime(dir);
  assert.ok(runtime.ok, runtime.ok ? '' : runtime.problems.join('\n'));
  assert.deepEqual(runtime.study.settings.caps, { maxResponses: 100, maxWave: 2, maxChainSize: 100 });
});

test('setStudySettings refuses a bad cap with study.cap and writes nothing; an empty value removes the cap', () => {
  writeFileSync(join(dir, 'study.yaml'), 'max_responses: 300 # the ethics approval says 300\n');
  const refused = setStudySettings(dir, { max_chain_size: '1', max_wave: '3' });
  assert.equal(refused.written, false);
  assert.deepEqual(refused.diagnostics.map((x) => [x.code, x.subject]), [['study.cap', 'max_chain_size']]);
  assert.equal(readFileSync(join(dir, 'study.yaml'), 'utf8'), 'max_responses: 300 # the ethics approval says 300\n');
  assert.ok(setStudySettings(dir, { max_wave: '3', max_responses: '' }).written);
  assert.deepEqual(getStudySettings(dir).settings.caps, { maxWave: 3 });
});

test('the Fieldwork form shows the caps, each refusal beside its field, and a conflict as a warning', async () => {
  writeFileSync(join(dir, 'study.yaml'), '');
  const base = { coupons: '3', period: 'week', valid_days: '', public: '', onion: '' };
  const refused = await call('POST', '/studies/:study/fieldwork/settings', { ...base, max_responses: 'lots', max_wave: '-2', max_chain: '' });
  assert.equal(refused.status, 422);
  assert.match(refused.html, /id="max_responses-err"/);
  assert.match(refused.html, /id="max_wave-err"/);
  assert.doesNotMatch(refused.html, /id="max_chain-err"/);
  assert.equal(readFileSync(join(dir, 'study.yaml'), 'utf8'), '', 'nothing written');

  assert.equal((await call('POST', '/studies/:study/fieldwork/settings', { ...base, max_responses: '200', max_wave: '4', max_chain: '250' })).status, 'redirect');
  const runtime = loadStudyRuntime(dir);
  assert.ok(runtime.ok, runtime.ok ? '' : runtime.problems.join('\n'));
  assert.deepEqual(runtime.study.settings.caps, { maxResponses: 200, maxWave: 4, maxChainSize: 250 }, 'saved as the server reads them');
  const shown = await call('GET', '/studies/:study/fieldwork');
  assert.match(shown.html, /<legend>Caps \(optional\)<\/legend>/);
  assert.match(shown.html, /id="max_responses" name="max_responses" min="1" value="200"/);
  assert.match(shown.html, /id="max_chain-warn">max_chain_size \(250\) is not below max_responses \(200\)/);
});

test('the Monitor shows progress towards each cap and warns near and at it; the terminal text says the same', () => {
  // Two chains: a seed with four below it (waves 1, 2, 2, 3) and a lone seed; nine responses stored in all.
  const tree = { seeds: ['a', 'f'], edges: [{ recruiter: 'a', recruit: 'b' }, { recruiter: 'b', recruit: 'c' }, { recruiter: 'b', recruit: 'd' }, { recruiter: 'c', recruit: 'e' }] };
  assert.deepEqual(placeInTree(tree, 'e'), { wave: 3, chainSize: 5 });
  assert.deepEqual(placeInTree(tree, 'f'), { wave: 0, chainSize: 1 });
  assert.deepEqual(placeInTree(tree, 'zz'), { wave: 0, chainSize: 1 }, 'admitted without a coupon: outside the tree');
  const counts = { responses: [{ period: '2026-W49', status: 'complete' as const, count: 9 }], responsesTotal: 9, couponsIssued: 12, seedCouponsIssued: 2, couponsRedeemed: 5 };
  const m = monitorFigures(counts, tree, [], 20_000, () => undefined);
  const caps = { maxResponses: 10, maxWave: 3, maxChainSize: 8 };
  assert.deepEqual(capProgress(m, caps).map((c) => [c.cap, c.value, c.limit, c.state]), [
    ['max_responses', 9, 10, 'near'],
    ['max_wave', 3, 3, 'reached'],
    ['max_chain_size', 5, 8, 'ok'],
  ]);
  const html = figuresHtml(ctx, m, caps);
  assert.match(html, /<h2>Caps<\/h2>/);
  assert.match(html, /Responses: 9 of 10 \(max_responses\)<p class="warning">1 responses to the cap/);
  assert.match(html, /<progress max="3" value="3"><\/progress>/);
  assert.match(html, /The last wave is reached/);
  assert.doesNotMatch(html, /close to the size cap/);
  assert.match(capsText(m, caps, 'ru'), /Ответов: 9 из 10[^]*! До ограничения ответов осталось 1/);
  assert.equal(figuresHtml(ctx, m).includes('<h2>Caps</h2>'), false, 'no caps set, no section');
});
