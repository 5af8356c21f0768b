import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';

test('the request log holds method, route pattern, status and a duration bucket — nothing else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-log-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), 'russians-in-serbia'));
  const child = spawn(process.execPath, ['bin/portas.js', 'serve', join(dir, 'study'), '--store', `sqlite:${join(dir, 'db.sqlite')}`, '--port', '0', '--state-dir', join(dir, 'state')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    for (let i = 0; i < 100 && !/listening on (http:\/\/\S+)/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    assert.ok(url, out);
    const secret = 'ZZQX-SECRET-CUPN';
    await (await fetch(`${url}/s/russians-in-serbia?lang=en&coupon=${secret}`, { headers: { 'user-agent': 'Mozilla/5.0 TELLTALE-AGENT', 'x-forwarded-for': '203.0.113.9' } })).text();
    await (await fetch(`${url}/s/russians-in-serbia/start`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TELLTALE-AGENT' }, body: `coupon=${secret}&token=bad&nav=start` })).text();
    await (await fetch(`${url}/no/such/${secret}`)).text();
    await new Promise((r) => setTimeout(r, 300));
    const lines = out.trim().split('\n').filter((l) => !l.startsWith('portas serve: listening'));
    assert.equal(lines.length, 3, out);
    for (const line of lines) assert.match(line, /^(GET|POST) (\/s\/:study|\/s\/:study\/start|\(unmatched\)) \d{3} (<100ms|<1s|<10s|>=10s)$/);
    assert.doesNotMatch(out, /SECRET|TELLTALE|203\.0\.113|127\.0\.0\.1:\d+\/|lang=|coupon=/);
  } finally {
    child.kill('SIGTERM');
  }
});
