import { test } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { layersRule } from '../../tools/eslint/layers.js';

// RuleTester calls describe/it itself; run them inline so that any failure throws inside one node:test.
RuleTester.describe = (_name: string, fn: () => void) => {
  fn();
};
RuleTester.it = (_name: string, fn: () => void) => {
  fn();
};

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const at = (folder: string) => `${process.cwd()}/src/${folder}/x.ts`;

test('the layer rule allows the table and rejects every kind of crossing', () => {
tester.run('portas/layers', layersRule, {
  valid: [
    { code: "import { ok } from '../core/result.ts';", filename: at('instrument') },
    { code: "import { parseDocument } from 'yaml';", filename: at('instrument') },
    { code: "import type { Dataset } from '../analysis/dataset.ts';", filename: at('export') },
    { code: "import { readFileSync } from 'node:fs';", filename: at('store') },
    { code: "import Database from 'better-sqlite3';", filename: at('store') },
    { code: "import { main } from '../server/app.ts';", filename: at('cli') },
    { code: "import { readFileSync } from 'node:fs';", filename: `${process.cwd()}/test/x.ts` },
  ],
  invalid: [
    { code: "import { readFileSync } from 'node:fs';", filename: at('analysis'), errors: [{ messageId: 'node' }] },
    { code: "import { readFileSync } from 'fs';", filename: at('collect'), errors: [{ messageId: 'node' }] },
    { code: "import pg from 'pg';", filename: at('sampling'), errors: [{ messageId: 'pkg' }] },
    { code: "import { x } from '../store/open.ts';", filename: at('analysis'), errors: [{ messageId: 'layer' }] },
    { code: "import { x } from '../cli/main.ts';", filename: at('server'), errors: [{ messageId: 'layer' }] },
    { code: "export * from '../analysis/dataset.ts';", filename: at('instrument'), errors: [{ messageId: 'layer' }] },
    { code: "const m = await import('node:http');", filename: at('report'), errors: [{ messageId: 'dynamicImport' }] },
    { code: "const m = await import('../cli/main.ts');", filename: at('server'), errors: [{ messageId: 'layer' }] },
    { code: "import { x } from '../core/x.ts';", filename: at('newfolder'), errors: [{ messageId: 'unknown' }] },
  ],
});
});
