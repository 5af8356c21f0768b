// `npm run bench`: runs every bench/*.bench.ts (or those whose name contains an argument) and prints figures.
// Machines are shared and noisy: benches report medians of several runs, ratios measured side by side, and peak memory.

import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchModule {
  /** Prints its own lines through `say`; throws only when it cannot run at all. */
  run(say: (line: string) => void): Promise<void>;
}

const only = process.argv.slice(2);
const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  const name = basename(file, '.bench.ts');
  console.log(`\n## ${name}`);
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
    await mod.run((line) => {
      console.log(`  ${line}`);
    });
  } catch (e) {
    failed += 1;
    console.log(`  FAILED: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
