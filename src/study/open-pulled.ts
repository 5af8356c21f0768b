// Opening pulled responses on this machine into a data package: the key checked first, the rows streamed from the
// workers into a folder beside the old dataset, swapped in only when complete.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DATA_CSV } from '../analysis/datapackage.ts';
import { datasetFromResponses } from '../analysis/from-responses.ts';
import { readRecipientFile, unlockStudyKey } from '../crypto/index.ts';
import { appendColumnFacts, type ColumnFacts } from '../export/datapackage/column-facts.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { closingFiles, csvHeader } from '../export/datapackage/in-parts.ts';
import { nodeScrypt } from './node-scrypt.ts';
import { readPullPlan } from './open-plan.ts';
import { openRowsInPool } from './open-pool.ts';
import { readInstrumentFile } from './instrument-file.ts';

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
 * A new folder beside `out`, written into while opening and moved into place only once complete: an
 * interrupted open leaves the previous dataset (or a `.previous-…` copy of it) whole, never half of each.
 */
function folderBeside(out: string): { readonly dir: string; readonly swapIn: () => void; readonly drop: () => void } {
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const tag = `${String(process.pid)}-${String(Date.now())}`;
  const dir = join(dirname(out), `.${basename(out)}.partial-${tag}`);
  mkdirSync(dir, { mode: 0o700 });
  const swapIn = (): void => {
    if (!existsSync(out)) {
      renameSync(dir, out);
      return;
    }
    const previous = join(dirname(out), `.${basename(out)}.previous-${tag}`);
    renameSync(out, previous);
    renameSync(dir, out);
    rmSync(previous, { recursive: true, force: true });
  };
  return { dir, swapIn, drop: () => { rmSync(dir, { recursive: true, force: true }); } };
}

/** Everything but the passphrase prompt, so tests and the main job can call it. */
export async function openPulled(options: { readonly pulled: string; readonly studyDir: string; readonly keyFile: string; readonly passphrase: string; readonly out: string; readonly synthetic?: boolean; /** After each batch: records read so far, of all, and how many of them could not be opened. */ readonly progress?: (done: number, total: number, damaged: number) => void; /** Records per worker batch (tests use small ones to cross batches). */ readonly batchSize?: number }): Promise<OpenSummary | string> {
  const instrumentPath = join(options.studyDir, 'instrument.yaml');
  const { instrument, diagnostics } = readInstrumentFile(instrumentPath);
  if (instrument === undefined) return `${options.studyDir}: the instrument has errors (${diagnostics.map(formatDiagnostic).join('; ')})`;
  const key = await unlockStudyKey(await readFile(options.keyFile), options.passphrase, { scrypt: nodeScrypt });
  if (!key.ok) return `${options.keyFile}: ${key.error.message}`;
  const wrongKey = await checkKeyIsTheStudys(options.studyDir, options.keyFile, key.value.recipient, key.value.keyId);
  if (wrongKey !== undefined) return wrongKey;
  const sealedDir = join(options.pulled, 'sealed');
  if (!existsSync(sealedDir)) return `${options.pulled}: no sealed/ folder — run 'portas pull' first`;
  // The workers read, open and turn each batch into data.csv rows; this thread writes the rows in order as
  // they come, so memory holds the batches in flight and the columns' facts, whatever the number of responses.
  const plan = await readPullPlan(options.pulled);
  const missing = plan.missing;
  const synthetic = options.synthetic ?? false;
  const shape = datasetFromResponses(instrument, [], { meta: [], synthetic });
  const folder = folderBeside(options.out);
  let opened = 0;
  let facts: ColumnFacts[] = shape.variables.map(() => ({ integer: true, presentReserved: [] }));
  const failed: { id: string; why: string }[] = [];
  const otherVersion: { id: string; why: string }[] = [];
  try {
    const csv = await open(join(folder.dir, DATA_CSV), 'w', 0o600);
    let writing: Promise<unknown> = csv.write(csvHeader(shape));
    try {
      await openRowsInPool(key.value, plan, { study: instrument.study }, { instrumentYaml: await readFile(instrumentPath, 'utf8'), instrumentPath, synthetic }, {
        ...(options.progress ? { onProgress: (done: number, total: number) => options.progress?.(done, total, failed.length + otherVersion.length) } : {}),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        onRows: (rows) => {
          facts = appendColumnFacts(facts, rows.facts, opened);
          opened += rows.count;
          failed.push(...rows.failed);
          otherVersion.push(...rows.otherVersion);
          if (rows.csv.length > 0) {
            writing = writing.then(() => csv.write(rows.csv));
            // Marked handled here (a failed write is thrown by the await below), never an unhandled rejection meanwhile.
            writing.catch(() => undefined);
          }
        },
      });
      await writing;
    } finally {
      await writing.catch(() => undefined);
      await csv.close();
    }
  } catch (e) {
    folder.drop();
    return `${sealedDir}: ${e instanceof Error ? e.message : String(e)}; nothing was written, run it again`;
  }
  const refused = [...failed, ...otherVersion];
  if (opened === 0 && refused.length > 0) {
    folder.drop();
    return `none of the ${String(refused.length)} sealed responses in ${sealedDir} could be opened (the first: ${refused[0]?.id ?? ''}: ${refused[0]?.why ?? ''}); nothing was written`;
  }
  try {
    for (const file of closingFiles(shape, opened, facts)) writeFileSync(join(folder.dir, file.name), file.bytes, { mode: 0o600 });
  } catch (e) {
    folder.drop();
    throw e;
  }
  folder.swapIn();
  return { opened, failed: refused, missing, out: options.out };
}

