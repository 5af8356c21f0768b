// Sealing and opening speed (one core, and all cores through the worker pool), ciphertext size, memory.

import { availableParallelism, loadavg } from 'node:os';
import { generateStudyKey, openerFor, openMany, seal, type KeyKind, type SealedRecord } from '../src/crypto/index.ts';
import { openInPool } from '../src/cli/open-pool.ts';
import { flagshipResponse } from '../test/crypto/responses.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

const STUDY = { study: 'flagship-serbia-2024' };
const FLAGSHIP_N = 100_000;

async function sealAll(recipient: string, n: number): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = await seal(recipient, flagshipResponse(i));
    if (!r.ok) throw new Error(r.error.message);
    out.push({ id: `r${i}`, sealed: r.value });
  }
  return out;
}

export async function run(say: (line: string) => void): Promise<void> {
  const cores = availableParallelism();
  const plainBytes = new TextEncoder().encode(JSON.stringify(flagshipResponse(1))).length;
  say(`flagship-sized response: 70 items, ${plainBytes} bytes of JSON; ${cores} cores, load average ${fmt(loadavg()[0] ?? 0, 1)} at start`);
  const perKind: Partial<Record<KeyKind, number>> = {};
  for (const kind of ['hybrid', 'x25519'] as const) {
    const key = await generateStudyKey({ kind });
    const n = kind === 'hybrid' ? 60 : 200;
    let records: SealedRecord[] = [];
    const sealMs = await medianMs(3, async () => {
      records = await sealAll(key.recipient, n);
    });
    say(`${kind}: ciphertext ${records[0]?.sealed.length ?? 0} bytes per flagship response (padded plaintext bucket included)`);
    say(`${kind}: seal, one core: ${fmt((n / sealMs) * 1000, 0)} /s (${fmt(sealMs / n, 2)} ms each, median of 3 runs of ${n})`);
    const opener = openerFor(key);
    const openMs = await medianMs(3, async () => {
      const r = await openMany(opener, records, STUDY);
      if (r.failed.length > 0) throw new Error('open failed');
    });
    const oneCore = (n / openMs) * 1000;
    say(`${kind}: open, one core: ${fmt(oneCore, 0)} /s (${fmt(openMs / n, 2)} ms each)`);
    // The pool: more records so that starting the workers (≈ 0.5 s) is amortised as it would be in real use.
    const poolN = kind === 'hybrid' ? 1200 : 4000;
    const many = Array.from({ length: poolN }, (_, i) => records[i % records.length] ?? { id: '', sealed: new Uint8Array() });
    const poolMs = await medianMs(3, async () => {
      const r = await openInPool(key, many, STUDY, { workers: cores });
      if (r.opened.length !== poolN) throw new Error('pool open failed');
    });
    const pooled = (poolN / poolMs) * 1000;
    perKind[kind] = pooled;
    say(`${kind}: open, ${cores} workers: ${fmt(pooled, 0)} /s (${poolN} records, worker start-up included; ${fmt(pooled / oneCore, 2)}× one core)`);
    say(
      `${kind}: ${FLAGSHIP_N.toLocaleString('en')} flagship responses on ${cores} cores: ${fmt(FLAGSHIP_N / pooled, 0)} s at the measured pool rate, ` +
        `${fmt(FLAGSHIP_N / (oneCore * cores), 0)} s if the cores were free (one-core rate × ${cores}); target < 60 s`,
    );
  }
  say(`peak RSS: ${fmt(peakRssMiB(), 0)} MiB (the whole process, worker threads included); load average ${fmt(loadavg()[0] ?? 0, 1)} at end`);
}
