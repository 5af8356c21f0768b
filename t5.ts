import { generateStudyKey, seal, openerFor, openMany, type SealedRecord } from './src/crypto/index.ts';
import { openInPool } from './src/cli/open-pool.ts';
import { flagshipResponse } from './test/crypto/responses.ts';
const key = await generateStudyKey({ kind: 'hybrid' });
const recs: SealedRecord[] = [];
for (let i = 0; i < 200; i++) { const r = await seal(key.recipient, flagshipResponse(i)); if (r.ok) recs.push({ id: 'r' + i, sealed: r.value }); }
const E = { study: 'flagship-serbia-2024' };
let t = performance.now(); await openMany(openerFor(key), recs, E); console.log('serial 200', performance.now() - t);
t = performance.now(); await openInPool(key, recs, E, { workers: 1 }); console.log('pool1 200', performance.now() - t);
t = performance.now(); await openInPool(key, recs, E, { workers: 2 }); console.log('pool2 200', performance.now() - t);
t = performance.now(); await openMany(openerFor(key), recs, E); console.log('serial 200', performance.now() - t);
