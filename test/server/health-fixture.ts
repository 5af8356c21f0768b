// Shared by the health and shutdown tests: a study folder, a respondent walked to the last page, and a final POST
// sent in two halves so that it is provably in flight (the server answered `100 Continue`) when the server stops.

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateStudyKey, recipientFileText, type StudyKey } from '../../src/crypto/index.ts';

export const STUDY = 'russians-in-serbia';

export async function studyFolder(prefix: string): Promise<{ root: string; studyDir: string; key: StudyKey }> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const studyDir = join(root, 'study');
  mkdirSync(studyDir);
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
  const key = await generateStudyKey({ kind: 'x25519' }); // classic key: fast; sealing is tested in test/crypto
  writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
  writeFileSync(join(studyDir, 'study.yaml'), 'entry_without_coupon: true\n');
  return { root, studyDir, key };
}

const hidden = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden ${name} in page`);
  return m[1];
};

async function post(url: string, fields: Record<string, string>): Promise<string> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return r.text();
}

/** Walks a respondent without a coupon to the last page and returns its sealed form state. */
export async function walkToLastPage(baseUrl: string): Promise<string> {
  const base = `${baseUrl}/s/${STUDY}`;
  const entry = await (await fetch(base)).text();
  let html = await post(`${base}/start`, { token: hidden(entry, 'token'), nav: 'start' });
  for (let guard = 0; !html.includes('name="q_add_anything"'); guard++) {
    if (guard > 20) throw new Error('never reached the last page');
    html = await post(`${base}/page`, { state: hidden(html, 'state'), nav: 'next' });
  }
  return hidden(html, 'state');
}

export interface SplitPost {
  /** Sends the rest of the body. */
  finish(): void;
  /** The server's answer, or the error when the connection was closed without one. */
  readonly answer: Promise<{ status: number; connection: string | undefined; location: string; body: string } | { error: string }>;
}

/**
 * Starts the final POST with `Expect: 100-continue` and sends the first half of its body only after the server's
 * `100 Continue` — which node:http writes just before it hands the request to the app. Resolves then.
 */
export function startSplitPost(baseUrl: string, state: string, marker: string): Promise<SplitPost> {
  const body = Buffer.from(new URLSearchParams({ state, nav: 'next', q_add_anything: marker }).toString());
  const half = Math.floor(body.length / 2);
  return new Promise((resolveStarted, rejectStarted) => {
    const req = request(`${baseUrl}/s/${STUDY}/page`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; connection: string | undefined; location: string; body: string } | { error: string }>((resolve) => {
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, location: res.headers.location ?? '', body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => {
          resolve({ error: e.message });
        });
      });
      req.on('error', (e) => {
        resolve({ error: e.message });
        rejectStarted(e);
      });
    });
    req.on('continue', () => {
      req.write(body.subarray(0, half), () => {
        resolveStarted({
          finish: () => {
            req.end(body.subarray(half));
          },
          answer,
        });
      });
    });
    req.flushHeaders();
  });
}
