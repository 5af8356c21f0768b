// A bench fixture: N flagship responses sealed to one hybrid study key, sealed on every core once and cached.
// Run as a script (`--seal RECIPIENT FROM TO OUT`) it is one sealing child of that generation.

import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateStudyKey, lockStudyKey, seal, unlockStudyKey, type SealedRecord, type StudyKey } from '../src/crypto/index.ts';
import { flagshipResponse } from '../test/crypto/responses.ts';

/** Not a secret: the key seals only synthetic bench responses. */
const BENCH_PASSPHRASE = 'portas bench key: synthetic responses only';
const HERE = fileURLToPath(import.meta.url);

export interface SealedCorpus {
  readonly key: StudyKey;
  readonly records: readonly SealedRecord[];
  readonly dir: string;
  /** Seconds it took to seal the corpus now; undefined when it came from the cache. */
  readonly sealedInSeconds?: number;
}

/** Records as length-prefixed (u32 LE) age files, back to back. */
function pack(records: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(records.reduce((n, r) => n + 4 + r.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of records) {
    view.setUint32(at, r.length, true);
    out.set(r, at + 4);
    at += 4 + r.length;
  }
  return out;
}

/**
 * Each record gets its own copy: a Buffer's slice() is a view of the whole file, and posting a view to a worker
 * clones its entire ArrayBuffer (hundreds of MiB per batch).
 */
function unpack(file: Uint8Array): Uint8Array[] {
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = view.getUint32(at, true);
    out.push(bytes.slice(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

async function sealRange(recipient: string, from: number, to: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = from; i < to; i++) {
    const r = await seal(recipient, flagshipResponse(i));
    if (!r.ok) throw new Error(r.error.message);
    out.push(r.value);
  }
  return out;
}

function sealInChild(recipient: string, from: number, to: number, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(HERE, ['--seal', recipient, String(from), String(to), out], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`sealed-corpus: a sealing child exited with code ${code}`));
    });
  });
}

/** `n` hybrid-sealed flagship responses (ids r0…), from the cache in the system temp folder or sealed now. */
export async function sealedCorpus(n: number): Promise<SealedCorpus> {
  const dir = join(tmpdir(), 'portas-bench-crypto', `hybrid-flagship-${n}`);
  const keyFile = join(dir, 'key.age');
  const recordsFile = join(dir, 'records.bin');
  let sealedInSeconds: number | undefined;
  let key: StudyKey;
  if (existsSync(keyFile) && existsSync(recordsFile)) {
    const unlocked = await unlockStudyKey(readFileSync(keyFile), BENCH_PASSPHRASE);
    if (!unlocked.ok) throw new Error(`${keyFile}: ${unlocked.error.message} (delete ${dir} to seal anew)`);
    key = unlocked.value;
  } else {
    const t0 = performance.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    key = await generateStudyKey({ kind: 'hybrid' });
    const children = availableParallelism();
    const per = Math.ceil(n / children);
    const parts = Array.from({ length: children }, (_, c) => ({ from: c * per, to: Math.min(n, (c + 1) * per), file: join(dir, `part-${c}.bin`) }));
    await Promise.all(parts.filter((p) => p.from < p.to).map((p) => sealInChild(key.recipient, p.from, p.to, p.file)));
    const all = parts.filter((p) => p.from < p.to).flatMap((p) => unpack(readFileSync(p.file)));
    writeFileSync(`${recordsFile}.part`, pack(all));
    for (const p of parts) rmSync(p.file, { force: true });
    const locked = await lockStudyKey(key, BENCH_PASSPHRASE);
    if (!locked.ok) throw new Error(locked.error.message);
    writeFileSync(keyFile, locked.value);
    renameSync(`${recordsFile}.part`, recordsFile);
    sealedInSeconds = (performance.now() - t0) / 1000;
  }
  const sealed = unpack(readFileSync(recordsFile));
  if (sealed.length !== n) throw new Error(`${recordsFile}: ${sealed.length} records, expected ${n} (delete ${dir} to seal anew)`);
  const records = sealed.map((s, i) => ({ id: `r${i}`, sealed: s }));
  return sealedInSeconds === undefined ? { key, records, dir } : { key, records, dir, sealedInSeconds };
}

if (process.argv[1] === HERE && process.argv[2] === '--seal') {
  const [recipient, from, to, out] = process.argv.slice(3);
  if (recipient === undefined || from === undefined || to === undefined || out === undefined) throw new Error('usage: --seal RECIPIENT FROM TO OUT');
  writeFileSync(out, pack(await sealRange(recipient, Number(from), Number(to))));
}
