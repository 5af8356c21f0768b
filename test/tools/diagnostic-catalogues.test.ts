// One error convention: every domain's codes are in a catalogue (src/<domain>/codes.ts) with a message in every UI
// language; Diagnostic.code is the union of them. This walks every catalogue: each code is used, each message renders.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ANALYSIS_CODES } from '../../src/analysis/codes.ts';
import { CLI_CODES } from '../../src/cli/codes.ts';
import { renderTemplate, UI_LANGUAGES, type Diagnostic, type DiagnosticCodes, type MessageTemplate } from '../../src/core/diagnostic.ts';
import { CRYPTO_CODES } from '../../src/crypto/codes.ts';
import { DISCLOSURE_CODES } from '../../src/disclosure/codes.ts';
import { INSTRUMENT_CATALOGUE } from '../../src/instrument/codes.ts';
import { INSTRUMENT_CODES } from '../../src/instrument/messages.ts';
import { REPORT_CODES } from '../../src/report/codes.ts';
import { SAMPLING_CODES } from '../../src/sampling/codes.ts';
import { STUDY_CODES } from '../../src/study/codes.ts';
import { XLSFORM_CATALOGUE } from '../../src/instrument/xlsform/codes.ts';

/** Typed as the registry itself: a domain that adds a catalogue and is missing here does not compile. */
const CATALOGUES: { readonly [D in keyof DiagnosticCodes]: Readonly<Record<string, MessageTemplate>> } = {
  analysis: ANALYSIS_CODES,
  cli: CLI_CODES,
  crypto: CRYPTO_CODES,
  disclosure: DISCLOSURE_CODES,
  instrument: INSTRUMENT_CATALOGUE,
  report: REPORT_CODES,
  sampling: SAMPLING_CODES,
  study: STUDY_CODES,
  xlsform: XLSFORM_CATALOGUE,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

// Where codes are used: every source file but the catalogues and the message files that declare them.
const declaring = (f: string): boolean => f.endsWith('/codes.ts') || f.endsWith('/messages.ts');
const usingText = sources('src')
  .filter((f) => !declaring(f))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

test('every codes.ts under src/ is a catalogue of the registry, and its codes carry their domain’s prefixes', () => {
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('/codes.ts') && existsSync(join('src', f)))
    .map((f) => f.split('/').slice(-2, -1)[0] ?? '');
  assert.deepEqual(files.sort(), Object.keys(CATALOGUES).sort());
  const seen = new Set<string>();
  for (const [domain, codes] of Object.entries(CATALOGUES)) {
    const keys = Object.keys(codes);
    assert.ok(keys.length > 0, `${domain}: an empty catalogue`);
    for (const code of keys) {
      assert.match(code, /^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/, `${domain}: ${code} is not a dotted kebab-case code`);
      assert.ok(!seen.has(code), `${code} is in two catalogues`);
      seen.add(code);
    }
  }
});

test('every code of every catalogue is used somewhere in src/', () => {
  const instrumentKeyOf = new Map(Object.entries(INSTRUMENT_CODES).map(([key, code]) => [code as string, key]));
  const unused: string[] = [];
  for (const codes of Object.values(CATALOGUES)) {
    for (const code of Object.keys(codes)) {
      const key = instrumentKeyOf.get(code);
      // Instrument code constants are used by name (C.badName); everything else by its literal.
      // The XLSForm importer names its problems without the prefix (CODE('repeat', …)).
      const xlsformProblem = code.startsWith('xlsform.') ? `'${code.slice('xlsform.'.length)}'` : undefined;
      const used = key === undefined ? usingText.includes(`'${code}'`) || (xlsformProblem !== undefined && usingText.includes(xlsformProblem)) : new RegExp(`\\.${key}\\b`).test(usingText);
      if (!used) unused.push(code);
    }
  }
  assert.deepEqual(unused, [], 'codes no source uses: remove them from their catalogue, or use them');
});

test('every message renders in every UI language, with the same placeholders in each', () => {
  for (const codes of Object.values(CATALOGUES)) {
    for (const [code, template] of Object.entries(codes)) {
      const placeholders = (lang: string): string[] => [...(template[lang as 'en'] .matchAll(/\{(\w+)\}/g))].map((m) => m[1] ?? '').sort();
      for (const lang of UI_LANGUAGES) {
        assert.ok(template[lang].trim().length > 0, `${code}: no ${lang} message`);
        assert.deepEqual(placeholders(lang).filter((p) => p !== 'subject'), [], `${code} (${lang}): only {subject} can be filled in`);
        assert.deepEqual(placeholders(lang), placeholders('en'), `${code}: ${lang} and en fill in different things`);
        const withSubject = renderTemplate(template, lang, '«X»');
        const without = renderTemplate(template, lang);
        assert.ok(!/[{}]/.test(withSubject) && !/[{}]/.test(without), `${code} (${lang}): a placeholder is left: ${withSubject}`);
        assert.equal(withSubject.includes('«X»'), placeholders('en').includes('subject'), `${code} (${lang}): the subject is shown iff the template names it`);
      }
      assert.match(template.ru, /[а-яё]/i, `${code}: the Russian message is not in Russian`);
      assert.notEqual(template.ru, template.en, `${code}: ru repeats en`);
    }
  }
});

test('Diagnostic.code takes catalogue codes only', () => {
  const good: Diagnostic = { code: 'analysis.unknown-variable', severity: 'error', message: 'no variable named x' };
  // @ts-expect-error -- a code in no catalogue does not type-check
  const bad: Diagnostic = { code: 'analysis.no-such-code', severity: 'error', message: 'x' };
  assert.notEqual(good.code, bad.code);
  assert.equal(renderTemplate(ANALYSIS_CODES[good.code as keyof typeof ANALYSIS_CODES], 'ru', 'x'), 'переменной x нет');
});
