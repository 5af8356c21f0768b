// Sizes on the wire: the transferred size of each flagship page is the same whether the respondent skipped
// everything or answered everything (as long as allowed), with and without gzip; and with gzip, as browsers ask,
// every flagship page arrives in one round trip (≤ 14 KiB, headers included), even shown again with every text full.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { paddedHtml, PAGE_BUCKET } from '../../src/server/page-size.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Instrument } from '../../src/instrument/model.ts';
import { readFileSync } from 'node:fs';
import { FLAGSHIP, startRespondentServer } from '../e2e/respondent-server.ts';
import { ONE_ROUND_TRIP, walkPages } from './page-size-wire.ts';

const STUDY = 'russians-in-serbia';
const FILE = 'studies/russians-in-serbia/instrument.yaml';
const instrument = loadInstrumentYaml(readFileSync(FILE, 'utf8'), FILE).instrument as Instrument;
const items = new Map(instrument.sections.flatMap((s) => s.items).map((i) => [`q_${i.name}`, i]));

const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const title = (html: string): string => /<h1>([^<]*)/.exec(html)?.[1] ?? '';

/** Every answer field of a page at its widest: the first option, the smallest number, text to max_length. */
function answerAll(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="(radio|checkbox)" name="([^"]+)" value="([^"]*)"/g)) out[m[2]!] ??= m[3]!;
  for (const m of html.matchAll(/<(?:input type="text"[^>]*|textarea) name="([^"]+)"(?: maxlength="(\d+)")?/g)) {
    const item = items.get(m[1]!);
    out[m[1]!] = item?.kind === 'integer' ? String(item.min) : 'Ж'.repeat(Number(m[2] ?? '1'));
  }
  return out;
}

async function walk(url: string, encoding: string, answer: boolean): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const req = async (path: string, fields?: Record<string, string>): Promise<string> => {
    const r = await fetch(`${url}${path}`, fields === undefined ? { headers: { 'accept-encoding': encoding } } : { method: 'POST', headers: { 'accept-encoding': encoding, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const html = await r.text();
    assert.equal(r.status, 200, `${path}: ${title(html)}`);
    sizes.set(path === '/s/' + STUDY ? 'entry' : title(html), Number(r.headers.get('content-length')));
    return html;
  };
  let page = await req(`/s/${STUDY}`);
  page = await req(`/s/${STUDY}/start`, { token: hidden(page, 'token'), nav: 'start' });
  for (let i = 0; i < 40 && page.includes('name="state"'); i++) {
    page = await req(`/s/${STUDY}/page`, { state: hidden(page, 'state'), nav: 'next', ...(answer ? answerAll(page) : {}) });
  }
  return sizes;
}

test('flagship: every page has one transferred size for "skip everything" and "answer everything", gzip or not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-pagesize-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync(FILE, join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
  writeFileSync(join(dir, 'study', 'study.yaml'), 'entry_without_coupon: true\n');
  const server = (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
  try {
    for (const encoding of ['gzip', 'identity']) {
      const skipped = await walk(server.url, encoding, false);
      const answered = await walk(server.url, encoding, true);
      const both = [...skipped.keys()].filter((k) => answered.has(k));
      assert.ok(both.length >= 8, `pages seen on both paths: ${both.join(', ')}`);
      for (const k of both) assert.equal(answered.get(k), skipped.get(k), `${encoding}: page "${k}"`);
      for (const size of [...skipped.values(), ...answered.values()]) assert.equal(size % PAGE_BUCKET, 0);
      const line = `${encoding}: ${both.length} pages on both paths, sizes ${[...new Set(both.map((k) => skipped.get(k)))].join(', ')} B`;
      t.diagnostic(line);
      console.log(line);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a padded gzip body decodes to the page exactly; identity padding is trailing spaces', () => {
  const html = '<!doctype html><title>x</title><p>Привет</p>';
  const gz = paddedHtml(html, 'gzip, deflate, br');
  assert.equal(gz.headers['Content-Encoding'], 'gzip');
  assert.equal(gz.bytes.length % PAGE_BUCKET, 0);
  assert.equal(gunzipSync(gz.bytes).toString('utf8'), html);
  const plain = paddedHtml(html, 'gzip;q=0, identity');
  assert.equal(plain.headers['Content-Encoding'], undefined);
  assert.equal(plain.bytes.length, PAGE_BUCKET);
  assert.equal(plain.bytes.toString('utf8').trimEnd(), html);
});

test('flagship: every page with gzip is at most 14 KiB on the wire, in both languages, answered to the full and on the way Back', async (t) => {
  const rs = await startRespondentServer();
  try {
    for (const lang of ['ru', 'en']) {
      const pages = await walkPages(rs.server.url, instrument, { lang, coupon: await rs.seed(FLAGSHIP), widest: true });
      assert.ok(pages.length >= 18, `pages walked: ${pages.map((p) => p.name).join(', ')}`);
      for (const p of pages) assert.ok(p.gzip <= ONE_ROUND_TRIP, `${lang} ${p.name}: ${p.gzip} bytes with gzip`);
      const worst = pages.reduce((a, b) => (b.gzip > a.gzip ? b : a));
      t.diagnostic(`${lang}: ${pages.length} pages, largest with gzip ${worst.gzip} B (${worst.name})`);
    }
  } finally {
    await rs.close();
  }
});
