// The upload parser: fields and files out of multipart/form-data, url-encoded forms, and refusals for broken bodies.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBody } from '../../src/studio/multipart.ts';
import { passphraseStrength } from '../../src/studio/keys/passphrase-strength.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('multipart: text fields and a binary file with CRLF inside it', () => {
  const file = new Uint8Array([0x50, 0x4b, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
  const body = new Uint8Array([
    ...enc('--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc\r\n'),
    ...enc('--XyZ\r\nContent-Disposition: form-data; name="form"; filename="C:\\forms\\f.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n'),
    ...file,
    ...enc('\r\n--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nпривет\r\n--XyZ--\r\n'),
  ]);
  const parsed = parseBody('multipart/form-data; boundary=XyZ', body);
  assert.ok(typeof parsed !== 'string');
  assert.equal(parsed.form.get('csrf'), 'abc');
  assert.equal(parsed.form.get('note'), 'привет');
  assert.equal(parsed.files.get('form')?.name, 'f.xlsx');
  assert.deepEqual(parsed.files.get('form')?.bytes, file);
});

test('url-encoded forms, and bodies that cannot be read', () => {
  const parsed = parseBody('application/x-www-form-urlencoded', enc('a=1&b=%D0%BF'));
  assert.ok(typeof parsed !== 'string');
  assert.equal(parsed.form.get('b'), 'п');
  assert.equal(typeof parseBody('multipart/form-data', enc('x')), 'string');
  assert.equal(typeof parseBody('multipart/form-data; boundary=B', enc('--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end')), 'string');
  assert.equal(typeof parseBody('text/plain', enc('x')), 'string');
});

test('passphrase strength: short, repetitive or common is weak; a sentence of unusual words is good', () => {
  for (const weak of ['short', 'password1234', 'aaaaaaaaaaaaaaaa', '121212121212121212']) assert.equal(passphraseStrength(weak).strength, 'weak', weak);
  assert.equal(passphraseStrength('orbit lantern velvet quarry maple').strength, 'good');
  assert.notEqual(passphraseStrength('Tr0ub4dor&3xyz').strength, 'weak');
});
