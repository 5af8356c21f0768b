// Run by cli.test.ts the way bin/portas.js runs the CLI (tsx register(), no --import): seals and opens in the pool.

import { generateStudyKey, seal, type SealedRecord } from '../../src/crypto/index.ts';
import { openInPool } from '../../src/study/open-pool.ts';
import { flagshipResponse } from './responses.ts';

const key = await generateStudyKey({ kind: 'x25519' });
const records: SealedRecord[] = [];
for (let i = 0; i < 12; i++) {
  const sealed = await seal(key.recipient, flagshipResponse(i));
  if (!sealed.ok) throw new Error(sealed.error.message);
  records.push({ id: `r${i}`, sealed: sealed.value });
}
const result = await openInPool(key, records, { study: 'flagship-serbia-2024' }, { workers: 2, batchSize: 3 });
console.log(JSON.stringify({ opened: result.opened.length, failed: result.failed.length }));
