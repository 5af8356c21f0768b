// `portas open PULLED_DIR --study STUDY_DIR --key KEY_FILE`: decrypts on this machine into a local data package.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetFromResponses, type ResponseMeta } from '../analysis/from-responses.ts';
import { unlockStudyKey } from '../crypto/index.ts';
import { writeDataPackage } from '../export/datapackage/write.ts';
import type { Response } from '../instrument/model.ts';
import type { Command } from './command.ts';
import { openInPool } from './open-pool.ts';
import { getPassphrase } from './passphrase.ts';
import { loadInstrumentFile } from './preview.ts';
import { terminalBar } from './progress.ts';

interface OpenSummary {
  readonly opened: number;
  readonly failed: readonly { readonly id: string; readonly why: string }[];
  readonly out: string;
}

/** Everything but the passphrase prompt, so tests and the main job can call it. */
export async function openPulled(options: { readonly pulled: string; readonly studyDir: string; readonly keyFile: string; readonly passphrase: string; readonly out: string; readonly synthetic?: boolean; readonly progress?: (done: number, total: number) => void }): Promise<OpenSummary | string> {
  const instrument = loadInstrumentFile(join(options.studyDir, 'instrument.yaml'));
  if (instrument === undefined) return `${options.studyDir}: the instrument has errors`;
  const key = await unlockStudyKey(readFileSync(options.keyFile), options.passphrase);
  if (!key.ok) return `${options.keyFile}: ${key.error.message}`;
  const sealedDir = join(options.pulled, 'sealed');
  if (!existsSync(sealedDir)) return `${options.pulled}: no sealed/ folder — run 'portas pull' first`;
  const index = JSON.parse(readFileSync(join(options.pulled, 'index.json'), 'utf8')) as { records: { responseId: string; period: string }[] };
  const tree = JSON.parse(readFileSync(join(options.pulled, 'tree.json'), 'utf8')) as { seeds: string[]; edges: { recruiter: string; recruit: string }[] };
  const periods = new Map(index.records.map((r) => [r.responseId, r.period]));
  const recruiterOf = new Map(tree.edges.map((e) => [e.recruit, e.recruiter]));
  const files = readdirSync(sealedDir).filter((f) => /^[0-9a-f]{32}\.age$/.test(f)).sort();
  // Read batch by batch as the workers take them: a pull of 100,000 records is never in memory at once.
  const records = files.map((f) => ({ id: f.slice(0, 32), path: join(sealedDir, f) }));
  let result;
  try {
    result = await openInPool(key.value, records, { study: instrument.study }, options.progress ? { onProgress: options.progress } : {});
  } catch (e) {
    return `${sealedDir}: ${e instanceof Error ? e.message : String(e)}; nothing was written, run it again`;
  }
  const failed = result.failed.map((f) => ({ id: f.id, why: f.failure.message }));
  const usable: { id: string; response: Response }[] = [];
  for (const o of result.opened) {
    if (o.response.instrumentVersion !== instrument.version) failed.push({ id: o.id, why: `instrument version ${o.response.instrumentVersion}, not ${instrument.version}` });
    else usable.push(o);
  }
  const meta: ResponseMeta[] = usable.map((o) => ({ responseId: o.id, period: periods.get(o.id) ?? '', recruiter: recruiterOf.get(o.id) ?? '' }));
  const dataset = datasetFromResponses(instrument, usable.map((o) => o.response), { meta, synthetic: options.synthetic ?? false });
  mkdirSync(options.out, { recursive: true, mode: 0o700 });
  for (const file of writeDataPackage(dataset)) writeFileSync(join(options.out, file.name), file.bytes, { mode: 0o600 });
  return { opened: usable.length, failed, out: options.out };
}

export const openCommand: Command = {
  name: 'open',
  usage: 'open PULLED_DIR --study STUDY_DIR --key KEY_FILE [--out DIR] [--passphrase-file F] [--progress]',
  summary: 'decrypt pulled responses on this machine into a data package (CSV + codebook)',
  async run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { study: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' }, progress: { type: 'boolean', default: false } }, allowPositionals: true });
    const [pulled] = positionals;
    if (pulled === undefined || values.study === undefined || values.key === undefined) {
      console.error(`usage: portas ${openCommand.usage}`);
      return 2;
    }
    const passphrase = await getPassphrase({ file: values['passphrase-file'], prompt: `passphrase for ${values.key}: `, confirm: false });
    if (!passphrase.ok) {
      console.error(`portas open: ${passphrase.error}`);
      return 1;
    }
    const bar = values.progress ? terminalBar('opening') : undefined;
    const summary = await openPulled({ pulled, studyDir: values.study, keyFile: values.key, passphrase: passphrase.value, out: values.out ?? join(pulled, 'dataset'), ...(bar === undefined ? {} : { progress: bar }) });
    if (typeof summary === 'string') {
      console.error(`portas open: ${summary}`);
      return 1;
    }
    for (const f of summary.failed) console.error(`portas open: response ${f.id} skipped: ${f.why}`);
    console.log(`portas open: ${summary.opened} responses opened into ${summary.out}${summary.failed.length > 0 ? `; ${summary.failed.length} could not be opened (listed above)` : ''}`);
    return summary.failed.length > 0 ? 1 : 0;
  },
};
