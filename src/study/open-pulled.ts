// Opening pulled responses on this machine into a data package: the key checked first, nothing half-written.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { concatDatasets } from '../analysis/concat-datasets.ts';
import type { Dataset } from '../analysis/dataset.ts';
import { datasetFromResponses, type ResponseMeta } from '../analysis/from-responses.ts';
import { readRecipientFile, unlockStudyKey } from '../crypto/index.ts';
import { writeDataPackage } from '../export/datapackage/write.ts';
import type { Response } from '../instrument/model.ts';
import { nodeScrypt } from './node-scrypt.ts';
import { openInPool } from './open-pool.ts';
import { readInstrumentFile } from './instrument-file.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';

/** Responses per piece of the dataset while opening: small next to the columns, large enough to amortise. */
const CHUNK = 4096;

export interface OpenSummary {
  readonly opened: number;
  /** Records that were there but refused (not for this study, damaged, another instrument version), with why. */
  readonly failed: readonly { readonly id: string; readonly why: string }[];
  /** Sealed files listed in the pull's index.json but not on disk. */
  readonly missing: readonly string[];
  readonly out: string;
}

/**
 * The key must be the study's: a wrong key would refuse every record, and writing that empty result
 * over an existing dataset would lose it. Without a study.pub there is nothing to check against here;
 * the all-refused check below still keeps an existing dataset.
 */
async function checkKeyIsTheStudys(studyDir: string, keyFile: string, recipient: string, keyId: string): Promise<string | undefined> {
  const pubFile = join(studyDir, 'study.pub');
  if (!existsSync(pubFile)) return undefined;
  const pub = await readRecipientFile(readFileSync(pubFile, 'utf8'));
  if (!pub.ok) return `${pubFile}: ${pub.error.message}`;
  if (pub.value.recipient === recipient) return undefined;
  return `${keyFile} is key ${keyId}, but this study's public key (${pubFile}) is ${pub.value.keyId}: it cannot open these responses; nothing was written`;
}

/**
 * Writes the files into a new folder beside `out` and moves it into place only once complete: an
 * interrupted open leaves the previous dataset (or a `.previous-…` copy of it) whole, never half of each.
 */
function writeBesideThenSwap(out: string, files: readonly { readonly name: string; readonly bytes: Uint8Array }[]): void {
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const tag = `${String(process.pid)}-${String(Date.now())}`;
  const fresh = join(dirname(out), `.${basename(out)}.partial-${tag}`);
  mkdirSync(fresh, { mode: 0o700 });
  try {
    for (const file of files) writeFileSync(join(fresh, file.name), file.bytes, { mode: 0o600 });
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
  if (!existsSync(out)) {
    renameSync(fresh, out);
    return;
  }
  const previous = join(dirname(out), `.${basename(out)}.previous-${tag}`);
  renameSync(out, previous);
  renameSync(fresh, out);
  rmSync(previous, { recursive: true, force: true });
}

/** Everything but the passphrase prompt, so tests and the main job can call it. */
export async function openPulled(options: { readonly pulled: string; readonly studyDir: string; readonly keyFile: string; readonly passphrase: string; readonly out: string; readonly synthetic?: boolean; readonly progress?: (done: number, total: number) => void }): Promise<OpenSummary | string> {
  const loaded = readInstrumentFile(join(options.studyDir, 'instrument.yaml'));
  const instrument = loaded.instrument;
  if (instrument === undefined) return `${options.studyDir}: the instrument has errors:\n${loaded.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`;
  const key = await unlockStudyKey(readFileSync(options.keyFile), options.passphrase, { scrypt: nodeScrypt });
  if (!key.ok) return `${options.keyFile}: ${key.error.message}`;
  const wrongKey = await checkKeyIsTheStudys(options.studyDir, options.keyFile, key.value.recipient, key.value.keyId);
  if (wrongKey !== undefined) return wrongKey;
  const sealedDir = join(options.pulled, 'sealed');
  if (!existsSync(sealedDir)) return `${options.pulled}: no sealed/ folder — run 'portas pull' first`;
  const index = JSON.parse(readFileSync(join(options.pulled, 'index.json'), 'utf8')) as { records: { responseId: string; period: string }[] };
  const tree = JSON.parse(readFileSync(join(options.pulled, 'tree.json'), 'utf8')) as { seeds: string[]; edges: { recruiter: string; recruit: string }[] };
  const periods = new Map(index.records.map((r) => [r.responseId, r.period]));
  const recruiterOf = new Map(tree.edges.map((e) => [e.recruit, e.recruiter]));
  const files = readdirSync(sealedDir).filter((f) => /^[0-9a-f]{32}\.age$/.test(f)).sort();
  // Every record the index lists is opened, refused with its reason, or named here as missing.
  const onDisk = new Set(files.map((f) => f.slice(0, 32)));
  const missing = index.records.filter((r) => !onDisk.has(r.responseId)).map((r) => join(sealedDir, `${r.responseId}.age`));
  // Read batch by batch as the workers take them: a pull of 100,000 records is never in memory at once.
  const records = files.map((f) => ({ id: f.slice(0, 32), path: join(sealedDir, f) }));
  // The dataset is built chunk by chunk as batches come back (in input order), so the opened responses
  // never pile up: memory holds the columns, not 100,000 response objects.
  const parts: Dataset[] = [];
  let chunk: { id: string; response: Response }[] = [];
  let opened = 0;
  const versionFailed: { id: string; why: string }[] = [];
  let buildError: string | undefined;
  const build = (): void => {
    if (chunk.length === 0) return;
    const meta: ResponseMeta[] = chunk.map((o) => ({ responseId: o.id, period: periods.get(o.id) ?? '', recruiter: recruiterOf.get(o.id) ?? '' }));
    parts.push(datasetFromResponses(instrument, chunk.map((o) => o.response), { meta, synthetic: options.synthetic ?? false }));
    chunk = [];
  };
  const onOpened = (batch: readonly { id: string; response: Response }[]): void => {
    if (buildError !== undefined) return;
    try {
      for (const o of batch) {
        if (o.response.instrumentVersion !== instrument.version) versionFailed.push({ id: o.id, why: `instrument version ${o.response.instrumentVersion}, not ${instrument.version}` });
        else {
          chunk.push(o);
          opened += 1;
        }
      }
      if (chunk.length >= CHUNK) build();
    } catch (e) {
      buildError = e instanceof Error ? e.message : String(e);
    }
  };
  let result;
  try {
    result = await openInPool(key.value, records, { study: instrument.study }, { onOpened, ...(options.progress ? { onProgress: options.progress } : {}) });
    build();
  } catch (e) {
    return `${sealedDir}: ${e instanceof Error ? e.message : String(e)}; nothing was written, run it again`;
  }
  if (buildError !== undefined) return `${sealedDir}: ${buildError}; nothing was written`;
  const failed = [...result.failed.map((f) => ({ id: f.id, why: f.failure.message })), ...versionFailed];
  if (opened === 0 && failed.length > 0) {
    return `none of the ${String(failed.length)} sealed responses in ${sealedDir} could be opened (the first: ${failed[0]?.id ?? ''}: ${failed[0]?.why ?? ''}); nothing was written`;
  }
  const dataset = parts.length === 0 ? datasetFromResponses(instrument, [], { meta: [], synthetic: options.synthetic ?? false }) : concatDatasets(parts);
  writeBesideThenSwap(options.out, writeDataPackage(dataset));
  return { opened, failed, missing, out: options.out };
}

