// `portas migrate-store SOURCE TARGET`: moves every study from one store to another (SQLite → PostgreSQL or back), with
// the service stopped; the logic and its guarantees are in src/store/migrate.ts.

import { migrateStore } from '../store/migrate.ts';
import { readArgs, type Command } from './command.ts';

export const migrateStoreCommand: Command = {
  name: 'migrate-store',
  usage: 'migrate-store SOURCE_URL TARGET_URL [--replace] [--source-key-file FILE] [--target-key-file FILE] [--state-dir DIR]',
  summary: 'move every study (sealed responses, coupons, tokens) to another store, under a new storage key',
  async run(args) {
    const { values, positionals } = readArgs(args, {
      replace: { type: 'boolean', default: false },
      'source-key-file': { type: 'string' },
      'target-key-file': { type: 'string' },
      'state-dir': { type: 'string', default: process.env['PORTAS_STATE_DIR'] ?? 'portas-state' },
      json: { type: 'boolean', default: false },
    });
    const [source, target, extra] = positionals;
    if (source === undefined || target === undefined || extra !== undefined) {
      console.error(`usage: portas ${this.usage}`);
      return 2;
    }
    const out = await migrateStore({
      source,
      target,
      stateDir: values['state-dir'],
      replace: values.replace,
      ...(values['source-key-file'] === undefined ? {} : { sourceKeyFile: values['source-key-file'] }),
      ...(values['target-key-file'] === undefined ? {} : { targetKeyFile: values['target-key-file'] }),
    });
    if (!out.ok) {
      if (values.json) console.log(JSON.stringify({ ok: false, ...out.error }));
      console.error(`portas migrate-store: ${out.error.message}\nThe source was not changed.`);
      return 1;
    }
    const r = out.value;
    if (values.json) {
      console.log(JSON.stringify({ ok: true, ...r }));
      return 0;
    }
    for (const s of r.studies) console.log(`  ${s.study}: ${s.responses} responses, ${s.coupons} coupons, ${s.tokens} tokens`);
    console.log(`portas migrate-store: moved ${r.responses} responses, ${r.coupons} coupons and ${r.tokens} tokens; verified (content digest ${r.digest.slice(0, 16)}…)`);
    console.log(`The target's storage key is in ${r.targetKeyFile}: back it up with the target. The source was left as it was;`);
    console.log('delete it (and its key file) once the service runs on the target.');
    return 0;
  },
};
