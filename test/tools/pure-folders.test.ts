// The pure folders cannot reach the outside: each way around the layer rule that a review found (issue #17) now
// fails lint, and those that name a Node or I/O global fail the pure type-check (tsconfig.pure.json) as well.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { LAYERS, layersRule } from '../../tools/eslint/layers.js';

const PURE = Object.entries(LAYERS)
  .filter(([, rules]) => rules !== '*' && !rules.node)
  .map(([layer]) => layer);

const linter = new Linter({ cwd: process.cwd() });
const lintConfig = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { portas: { rules: { layers: layersRule } } },
    rules: { 'portas/layers': 'error' as const },
  },
];

/** The messages of the layer rule for `code` placed in src/<folder>/probe.ts. */
function lint(code: string, folder: string): string[] {
  return linter.verify(code, lintConfig, { filename: resolve('src', folder, 'probe.ts') }).map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

const pure = ts.getParsedCommandLineOfConfigFile('tsconfig.pure.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
if (pure === undefined) throw new Error('tsconfig.pure.json does not parse');
const pureConfig = pure;

/** The type errors of `code` compiled as src/<folder>/probe.ts under tsconfig.pure.json. */
function typeCheck(code: string, folder: string): string[] {
  const probe = resolve('src', folder, 'probe.ts');
  const host = ts.createCompilerHost(pureConfig.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (resolve(name) === probe ? ts.createSourceFile(name, code, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === probe || fileExists(name);
  const platform = pureConfig.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([...platform, probe], pureConfig.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

interface Probe {
  readonly name: string;
  readonly code: string;
  /** A fragment of the lint message it must get. */
  readonly lint: string;
  /** Whether the pure type-check refuses it too (Node and I/O globals; the ES clock and Math.random are lint's). */
  readonly types: boolean;
  /** The one pure folder where it is allowed. */
  readonly allowedIn?: string;
}

const PROBES: readonly Probe[] = [
  { name: 'import(name)', code: "const name = 'node:fs';\nexport const m: unknown = await import(name);", lint: 'import statically', types: false },
  { name: 'a template-string import', code: "const mod = 'fs';\nexport const m: unknown = await import(`node:${mod}`);", lint: 'import statically', types: false },
  { name: 'process.env', code: "export const home = process.env['HOME'];", lint: "may not use 'process'", types: true },
  { name: 'globalThis.process', code: 'export const p: unknown = globalThis.process;', lint: "may not use 'globalThis'", types: true },
  { name: 'Date.now', code: 'export const t = Date.now();', lint: 'may not read the clock (Date.now)', types: false },
  { name: 'new Date()', code: 'export const d = new Date();', lint: 'may not read the clock (new Date())', types: false },
  { name: 'an alias of Date', code: 'const D = Date;\nexport const d = new D();', lint: 'may not read the clock', types: false },
  { name: 'Math.random', code: 'export const r = Math.random();', lint: 'may not use Math.random', types: false },
  { name: 'an alias of Math', code: 'const M = Math;\nexport const r = M.random();', lint: 'may not use Math.random', types: false },
  { name: "Math['random']", code: "export const r = Math['ran' + 'dom'];", lint: 'may not use Math.random', types: false },
  { name: 'fetch', code: "export const f = fetch('https://example.org/');", lint: "may not use 'fetch'", types: true },
  { name: 'Buffer', code: "export const b = Buffer.from('x');", lint: "may not use 'Buffer'", types: true },
  { name: 'a timer', code: 'setTimeout(() => undefined, 1);', lint: "may not use 'setTimeout'", types: true },
  { name: 'import.meta', code: 'export const here = import.meta.url;', lint: 'may not use import.meta', types: false },
  { name: 'the CSPRNG outside src/crypto', code: 'export const x = crypto.getRandomValues(new Uint8Array(1));', lint: 'stay in src/crypto', types: false, allowedIn: 'crypto' },
];

for (const probe of PROBES) {
  test(`in a pure folder, ${probe.name} fails lint${probe.types ? ' and the pure type-check' : ''}`, () => {
    for (const folder of PURE.filter((f) => f !== probe.allowedIn)) {
      const messages = lint(probe.code, folder);
      assert.ok(
        messages.some((m) => m.startsWith('portas/layers: ') && m.includes(probe.lint)),
        `src/${folder}: ${probe.name} should fail lint with "${probe.lint}", got ${JSON.stringify(messages)}`,
      );
    }
    if (probe.types) assert.notDeepEqual(typeCheck(probe.code, 'analysis'), [], `${probe.name} type-checks in src/analysis`);
  });
}

test('the same probes lint clean where I/O belongs (src/store, src/cli): the rule knows which folders are pure', () => {
  for (const probe of PROBES) {
    for (const folder of ['store', 'cli', ...(probe.allowedIn === undefined ? [] : [probe.allowedIn])]) assert.deepEqual(lint(probe.code, folder), [], `${probe.name} in src/${folder}`);
  }
});

test('computing with dates and Math is fine in pure code, and so is a probe-free file under the pure type-check', () => {
  const code = "export const epoch = new Date(0);\nexport const utc = Date.UTC(2024, 3, 1);\nexport const parsed = Date.parse('2024-04-01');\nexport const m = Math.max(1, Math.floor(2.5));\nexport type When = Date;\n";
  assert.deepEqual(lint(code, 'analysis'), []);
  assert.deepEqual(typeCheck(code, 'analysis'), []);
  assert.deepEqual(typeCheck("export const bytes = new TextEncoder().encode('x');\nexport const back = new TextDecoder('utf-8', { fatal: true }).decode(bytes);", 'collect'), []);
});

test('WebCrypto type-checks in src/crypto under the pure tsconfig (and lint allows it only there)', () => {
  const code = "export const digest = crypto.subtle.digest('SHA-256', new Uint8Array(1));";
  assert.deepEqual(typeCheck(code, 'crypto'), []);
  assert.deepEqual(lint(code, 'crypto'), []);
  assert.ok(lint(code, 'sampling').some((m) => m.includes('stay in src/crypto')));
});

test('tsconfig.pure.json compiles exactly the pure folders of the layer table', () => {
  const included = (pureConfig.raw as { include: string[] }).include.filter((p) => p.startsWith('src/')).map((p) => p.slice('src/'.length));
  assert.deepEqual([...included].sort(), [...PURE].sort());
  assert.deepEqual(pureConfig.options.types, [], 'no ambient @types (Node\'s above all)');
  assert.ok(!pureConfig.fileNames.some((f) => f.includes('@types/node')));
});

test("CONTRIBUTING.md's layer table says what tools/eslint/layers.js enforces", () => {
  const rows = readFileSync('CONTRIBUTING.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `src/'))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  const documented = new Map(rows.map((cells) => [cells[1]?.replace(/`src\/(\w+)`/, '$1') ?? '', cells]));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(LAYERS).sort());
  for (const [layer, rules] of Object.entries(LAYERS)) {
    const cells = documented.get(layer) ?? [];
    if (rules === '*') continue; // the CLI: "everything"
    const said = cells[2] ?? '';
    const but = /^everything but (\w+)$/.exec(said);
    const layers = but === null ? said.split(',').map((s) => s.trim()).filter((s) => s !== '—') : Object.keys(LAYERS).filter((l) => l !== layer && l !== but[1]);
    if (rules.layers !== '*') assert.deepEqual(layers.sort(), [...rules.layers].sort(), `src/${layer} may import`);
    assert.equal((cells[4] ?? '').startsWith('yes'), rules.node, `src/${layer} Node built-ins`);
    if (rules.packages !== '*') {
      const packages = (cells[3] ?? '').replace(/\(.*\)/, '').split(',').map((s) => s.trim()).filter((s) => s !== '—');
      assert.deepEqual(packages.sort(), [...rules.packages].sort(), `src/${layer} packages`);
    }
  }
});
