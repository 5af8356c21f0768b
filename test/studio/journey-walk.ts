// The rest of a new researcher's walk in Chromium, on the study made from the XLSForm: served from its deploy bundle,
// synthetic respondents answering that questionnaire, the monitor, pull, open, report and a .sav export; shared by
// the journey test and scripts/studio-screens.ts.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { syntheticRespondents } from '../../src/sampling/synthetic-recruitment.ts';
import { loadStudy } from '../../src/study/load.ts';
import { runSyntheticRespondents } from '../../src/study/synthetic-respondents.ts';
import { localStore } from '../../src/studio/fieldwork/coupons-tokens.ts';
import { studyDir } from '../../src/studio/workspace.ts';
import type { Page } from 'playwright-core';
import { RESTORED_PASSPHRASE, STUDY, type StudioSession } from './studio-walk.ts';

export const RESPONDENTS = 30;
/**
 * The study came with a default report.yaml (a figure per question); the researcher trims it to one figure in the
 * studio's report editor just before "Make the report".
 */
const REPORT_SPEC = `study: ${STUDY}
title: { ru: "Пробный отчёт", en: "Trial report" }
subtitle: { ru: "30 синтетических респондентов", en: "30 synthetic respondents" }
period: { ru: "проба", en: "trial" }
sections:
  - key: plot
    title: { ru: "Участок", en: "The plot" }
    blocks:
      - figure: monumented
        title: { ru: "Центр участка отмечен арматурой", en: "Plot centre monumented with rebar" }
        item: monumented
        base: answered
        categories: [1, 2]
`;
type Shot = (name: string) => Promise<void>;

/** Every file of a ustar .tar.gz, by its path inside the archive. */
export function untarGz(bytes: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(bytes);
  const files = new Map<string, Uint8Array>();
  const text = (at: number, length: number): string => new TextDecoder().decode(tar.subarray(at, at + length)).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const name = text(at, 100);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    if (text(at + 156, 1) === '0' || text(at + 156, 1) === '') files.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Downloads the deploy bundle, unpacks it and starts the server it describes, on the store the studio seeded. */
export async function serveFromBundle(s: StudioSession, shot: Shot): Promise<RunningServer> {
  const { page } = s;
  await page.goto(`${s.studio.origin}/studies/${STUDY}/fieldwork`);
  await shot('fieldwork-before-bundle');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`form[action="/studies/${STUDY}/fieldwork/bundle"] button`)]);
  const saved = await download.path();
  const files = untarGz(readFileSync(saved));
  assert.ok(files.has(`portas-${STUDY}/COMMANDS.txt`), [...files.keys()].join(', '));
  assert.ok(![...files.keys()].some((f) => /key\.age|secrets\//.test(f)), 'no secret in the bundle');
  const root = join(s.workspace, 'unpacked');
  for (const [name, bytes] of files) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), bytes);
  }
  const study = [...files.keys()].find((f) => f.endsWith(`/${STUDY}/instrument.yaml`)) ?? assert.fail(`no study folder in ${[...files.keys()].join(', ')}`);
  const started = await startServer({ studyDirs: [join(root, study, '..')], store: localStore(s.workspace, STUDY), host: '127.0.0.1', port: 0, stateDir: join(s.workspace, 'server-state'), quiet: true });
  if (Array.isArray(started)) assert.fail(started.join('\n'));
  // The researcher token, made in the page for this server.
  await page.fill('#url', started.url.replace(/\/$/, ''));
  await page.click(`form[action="/studies/${STUDY}/fieldwork/token"] button`);
  assert.match(await page.locator('.ok').innerText(), /Token created/);
  await shot('fieldwork-token');
  return started;
}

/**
 * Synthetic respondents answer the questionnaire the XLSForm made (as the researcher left it), over HTTP, recruited
 * from the seed coupons the studio printed, each passing on as many coupons as the study's settings give.
 */
export async function respond(s: StudioSession, server: RunningServer, coupons: readonly string[]): Promise<void> {
  const loaded = await loadStudy(studyDir(s.workspace, STUDY));
  const study = loaded.study ?? assert.fail(loaded.diagnostics.map((d) => d.message).join('\n'));
  const plan = { respondents: RESPONDENTS, seeds: coupons.length, couponsPerRespondent: study.settings.couponsPerRespondent };
  const respondents = syntheticRespondents(study.instrument, xoshiro128ss(21), plan);
  await runSyntheticRespondents({ baseUrl: server.url, instrument: study.instrument, respondents, seedCoupons: coupons });
}

/** The monitor, connected with the token the Fieldwork screen made; returns the respondents-in-chains figure. */
export async function watchMonitor(s: StudioSession, shot: Shot, name: string): Promise<string> {
  await s.page.goto(`${s.studio.origin}/studies/${STUDY}/monitor`);
  await shot(name);
  return s.page.locator('main').innerText();
}

/** Waits on a job's self-refreshing page until it says how the job ended; its message, or the test fails with it. */
async function finished(page: Page): Promise<string> {
  await page.waitForSelector('main .ok, main .error', { timeout: 120_000 });
  const failed = await page.locator('main .error').count();
  if (failed > 0) assert.fail(await page.locator('main .error').first().innerText());
  return page.locator('main .ok').first().innerText();
}

/** Pull, open with the passphrase typed in the page, the report in both languages, a .sav through the gate. */
export async function dataToSav(s: StudioSession, shot: Shot): Promise<Uint8Array> {
  const { page } = s;
  const data = `${s.studio.origin}/studies/${STUDY}/data`;
  await page.goto(data);
  await shot('data-empty');
  await page.click(`form[action="/studies/${STUDY}/data/pull"] button`);
  await finished(page);
  assert.match(await page.locator('main').innerText(), new RegExp(`${String(RESPONDENTS)} sealed responses`));
  await shot('data-pulled');
  await page.goto(data);
  await page.fill('#passphrase', RESTORED_PASSPHRASE);
  await page.click(`form[action="/studies/${STUDY}/data/open"] button`);
  assert.match(await finished(page), new RegExp(`${String(RESPONDENTS)} responses opened`));
  await shot('data-opened');
  await page.goto(`${data}/overview`);
  await shot('data-overview');
  await page.goto(`${data}/risk`);
  await shot('data-risk');
  // The default report.yaml is there; the researcher replaces it with a one-figure spec in the report editor.
  await page.goto(`${s.studio.origin}/studies/${STUDY}/report`);
  assert.match(await page.inputValue('#spec-text'), /item: monumented/, 'the XLSForm study has its default report spec');
  await page.fill('#spec-text', REPORT_SPEC);
  await page.click('#spec button[value="save"]');
  assert.match(page.url(), /done=saved/);
  assert.equal(readFileSync(join(studyDir(s.workspace, STUDY), 'report.yaml'), 'utf8'), REPORT_SPEC);
  await page.goto(data);
  await page.click(`form[action="/studies/${STUDY}/data/report"] button`);
  await finished(page);
  await shot('data-report-made');
  for (const lang of ['en', 'ru']) {
    await page.goto(`${data}/report/report.${lang}.html`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await shot(`report-${lang}`);
  }
  await page.goto(data);
  await page.check('input[name="format-sav"]');
  await page.click(`form[action="/studies/${STUDY}/data/export"] button`);
  assert.match(await page.locator('main').innerText(), /What would be released/);
  await shot('export-log');
  await page.click(`form[action="/studies/${STUDY}/data/export/confirm"] button`);
  assert.match(await page.locator('main').innerText(), /files written/);
  await shot('export-done');
  const link = page.locator('a[href$=".sav"]').first();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFileSync(await download.path());
}
