// A bench fixture of `npm run bench -- scale`: a pull folder (sealed/, index.json, tree.json, study, key file)
// of N synthetic flagship responses sealed to a fresh hybrid key, cached in the system temp folder.
// Run as a script (`node --import tsx bench/scale-pull.ts N...`) it prepares the folders ahead of a bench run.

import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeScrypt } from '../src/study/node-scrypt.ts';
import { generateStudyKey, lockStudyKey, recipientFileText, seal } from '../src/crypto/index.ts';
import { FLAGSHIP_DIR, syntheticStudy } from './synthetic-study.ts';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
/** Not a secret: the key seals only synthetic bench responses. */
const PASSPHRASE = 'portas scale bench: synthetic responses only';

/** A pull folder of `n` synthetic responses sealed to a fresh hybrid key, with its study, key file and passphrase; cached. */
export async function pullFolder(n: number): Promise<string> {
  const dir = join(tmpdir(), 'portas-bench-scale-pulls', String(n));
  if (existsSync(join(dir, 'ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'sealed'), { recursive: true });
  mkdirSync(join(dir, 'study'));
  const study = syntheticStudy(n, 7);
  const key = await generateStudyKey({ kind: 'hybrid' });
  const ids = study.meta.map((m) => m.responseId ?? '');
  const idOf = new Map(ids.map((id, i) => [id, i.toString(16).padStart(32, '0')]));
  for (let i = 0; i < n; i++) {
    const sealed = await seal(key.recipient, study.responses[i] ?? study.responses[0]!);
    if (!sealed.ok) throw new Error(sealed.error.message);
    writeFileSync(join(dir, 'sealed', `${idOf.get(ids[i] ?? '') ?? ''}.age`), sealed.value);
  }
  const records = study.meta.map((m) => ({ responseId: idOf.get(m.responseId ?? '') ?? '', period: m.period ?? '', status: 'complete' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ study: study.instrument.study, records }));
  const edges = study.meta.filter((m) => (m.recruiter ?? '') !== '').map((m) => ({ recruiter: idOf.get(m.recruiter ?? '') ?? '', recruit: idOf.get(m.responseId ?? '') ?? '' }));
  writeFileSync(join(dir, 'tree.json'), JSON.stringify({ seeds: records.filter((_, i) => (study.meta[i]?.recruiter ?? '') === '').map((r) => r.responseId), edges }));
  copyFileSync(join(ROOT, FLAGSHIP_DIR, 'instrument.yaml'), join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(key, study.instrument.study));
  const locked = await lockStudyKey(key, PASSPHRASE, { scrypt: nodeScrypt });
  if (!locked.ok) throw new Error(locked.error.message);
  writeFileSync(join(dir, 'key.age'), locked.value);
  writeFileSync(join(dir, 'passphrase.txt'), `${PASSPHRASE}\n`);
  writeFileSync(join(dir, 'ready'), '');
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const n of process.argv.slice(2).map(Number)) process.stdout.write(`${await pullFolder(n)}\n`);
}
