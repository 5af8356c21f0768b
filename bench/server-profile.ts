// Where the server's main thread spends its time during a load run: a V8 sampling profile (node:inspector),
// each sample charged to the innermost portas source file on its stack, grouped into the stages of a submission.
// Samples measure the main thread's busy wall time: CPU, and also synchronous waits that block the event loop
// (SQLite's fsync at commit). Since one event loop serves every request, that busy time is what caps capacity.

import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const STORAGE = 'storage: submit (driver, commit)';
const RESHUFFLE = 'storage: reshuffle';

/** Stages of a request, by the portas file the time was spent under (first match wins). */
const STAGES: readonly (readonly [stage: string, pattern: RegExp])[] = [
  ['sealing (age, ML-KEM + X25519)', /\/src\/crypto\/(seal|envelope|study-key)\.ts$/],
  ['form state (AES-GCM, base64, JSON)', /\/src\/crypto\/form-state\.ts$/],
  ['form keys', /\/src\/server\/form-key-ring\.ts$/],
  ['rendering HTML', /\/src\/collect\/(render-[a-z-]+|html|messages)\.ts$/],
  ['parsing forms', /\/src\/(collect\/parse-form|server\/http-io)\.ts$/],
  ['path logic (relevance, steps)', /\/src\/(collect\/path|instrument\/[a-z-]+)\.ts$/],
  ['coupons', /\/src\/(sampling\/[a-z-]+|store\/hash)\.ts$/],
  ['padding and compressing pages', /\/src\/server\/page-size\.ts$/],
  [STORAGE, /\/src\/store\//],
  ['routing and glue', /\/src\/server\//],
];

export type CpuShares = ReadonlyMap<string, number>;

/** Milliseconds of main-thread busy time per stage; samples outside any portas file go to node's HTTP stack, GC or V8. */
export function sharesOf(profile: Profile): CpuShares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const underReshuffle = new Map<number, boolean>();
  const inReshuffle = (id: number): boolean => {
    const known = underReshuffle.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const yes = node !== undefined && (node.callFrame.functionName === 'reshuffle' || node.callFrame.url.endsWith('/src/store/reshuffle-scheduler.ts') || (up !== undefined && inReshuffle(up)));
    underReshuffle.set(id, yes);
    return yes;
  };
  const stageOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = stageOf.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let stage: string;
    if (node === undefined) stage = 'other';
    else if (node.callFrame.functionName === '(idle)') stage = 'idle';
    else if (node.callFrame.functionName === '(garbage collector)') stage = 'garbage collection';
    else {
      const own = STAGES.find(([, p]) => p.test(node.callFrame.url))?.[0];
      const up = parent.get(id);
      stage = own ?? (up === undefined ? 'node: HTTP, streams, timers, V8' : classify(up));
      if (stage === STORAGE && inReshuffle(id)) stage = RESHUFFLE;
    }
    stageOf.set(id, stage);
    return stage;
  };
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const stage = classify(id);
    ms.set(stage, (ms.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  ms.delete('idle');
  return ms;
}

/** Profiles this process while `work` runs. */
export async function profileWhile(work: () => Promise<void>): Promise<CpuShares> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  await work();
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  return sharesOf(profile);
}
