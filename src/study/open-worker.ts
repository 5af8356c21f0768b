// A worker thread of the open pool: holds its own opener, reads and opens the batches it is sent, and (for
// `portas open`) turns each batch straight into data.csv rows, so the main thread only writes bytes in order.

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { datasetFromResponses } from '../analysis/from-responses.ts';
import { keyFromWorkerData, openerFor, openMany, type OpenExpectation, type OpenerOptions, type SealedRecord, type WorkerKeyData } from '../crypto/index.ts';
import type { ColumnFacts } from '../export/datapackage/column-facts.ts';
import { csvPart } from '../export/datapackage/in-parts.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import type { Response } from '../instrument/model.ts';

/** What a worker needs to build rows: the instrument's text (each worker parses its own copy). */
export interface RowsSetup {
  readonly instrumentYaml: string;
  readonly instrumentPath: string;
  readonly synthetic: boolean;
}

export interface OpenWorkerData {
  readonly key: WorkerKeyData;
  readonly expect: OpenExpectation;
  readonly opener: OpenerOptions;
  readonly rows?: RowsSetup;
}

/** Collection facts kept beside a record's answers (from the pull's index.json and tree.json). */
export interface RowMeta {
  readonly period: string;
  readonly recruiter: string;
}

/** A record still on disk: the worker reads it, so the main thread never holds the pull's bytes. */
export interface SealedFile {
  readonly id: string;
  readonly path: string;
  readonly meta?: RowMeta;
}

export interface OpenBatch {
  readonly batch: number;
  readonly records: readonly (SealedRecord | SealedFile)[];
}

/** One batch as data.csv rows: what the main thread needs, and nothing it would have to parse. */
export interface BatchRows {
  /** UTF-8 rows of data.csv (no header), in input order. */
  readonly csv: Uint8Array;
  readonly count: number;
  /** Records the opener refused (damaged, not for this study), in input order. */
  readonly failed: readonly { readonly id: string; readonly why: string }[];
  /** Opened records of another instrument version, in input order. */
  readonly otherVersion: readonly { readonly id: string; readonly why: string }[];
  readonly facts: readonly ColumnFacts[];
}

export type OpenBatchDone =
  | { readonly batch: number; /** UTF-8 JSON of an OpenManyResult. */ readonly json: Uint8Array }
  | { readonly batch: number; readonly rows: BatchRows }
  | { readonly batch: number; readonly error: string };

const port = parentPort;
if (port === null) throw new Error('open-worker: must run as a worker thread');
const data = workerData as OpenWorkerData;
const opener = openerFor(await keyFromWorkerData(data.key), data.opener);
const instrument = data.rows === undefined ? undefined : loadInstrumentYaml(data.rows.instrumentYaml, data.rows.instrumentPath).instrument;
if (data.rows !== undefined && instrument === undefined) throw new Error(`open-worker: ${data.rows.instrumentPath} does not load`);

/**
 * Read synchronously: this thread has nothing else to do meanwhile, and a promise-based read is four hand-offs to
 * the thread pool (open, stat, read, close) for a 4 KiB file.
 */
function inMemory(r: SealedRecord | SealedFile): SealedRecord {
  if (!('path' in r)) return r;
  try {
    return { id: r.id, sealed: new Uint8Array(readFileSync(r.path)) };
  } catch (e) {
    // A file that went away since it was listed: the open stops with its name (nothing is written yet).
    throw new Error(`cannot read a sealed record (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function rowsOf(records: readonly (SealedRecord | SealedFile)[]): Promise<{ rows: BatchRows; transfer: ArrayBuffer }> {
  if (instrument === undefined || data.rows === undefined) throw new Error('open-worker: not set up to build rows');
  const metaOf = new Map(records.map((r) => [r.id, 'meta' in r ? r.meta : undefined]));
  const result = await openMany(opener, records.map(inMemory), data.expect);
  const kept: { id: string; response: Response }[] = [];
  const otherVersion: { id: string; why: string }[] = [];
  for (const o of result.opened) {
    if (o.response.instrumentVersion === instrument.version) kept.push(o);
    else otherVersion.push({ id: o.id, why: `instrument version ${o.response.instrumentVersion}, not ${instrument.version}` });
  }
  const meta = kept.map((o) => ({ responseId: o.id, period: metaOf.get(o.id)?.period ?? '', recruiter: metaOf.get(o.id)?.recruiter ?? '' }));
  const part = csvPart(datasetFromResponses(instrument, kept.map((o) => o.response), { meta, synthetic: data.rows.synthetic }));
  const csv = new TextEncoder().encode(part.text);
  const failed = result.failed.map((f) => ({ id: f.id, why: f.failure.message }));
  return { rows: { csv, count: kept.length, failed, otherVersion, facts: part.facts }, transfer: csv.buffer };
}

// Results go back in a transferred buffer: structured-cloning thousands of small objects costs the parent
// thread about twice as much as parsing the same data from JSON, and rows cost it nothing to take.
port.on('message', (message: OpenBatch) => {
  const done = async (): Promise<void> => {
    if (data.rows !== undefined) {
      const { rows, transfer } = await rowsOf(message.records);
      port.postMessage({ batch: message.batch, rows } satisfies OpenBatchDone, [transfer]);
      return;
    }
    const result = await openMany(opener, message.records.map(inMemory), data.expect);
    const json = new TextEncoder().encode(JSON.stringify(result));
    port.postMessage({ batch: message.batch, json } satisfies OpenBatchDone, [json.buffer]);
  };
  done().catch((e: unknown) => {
    port.postMessage({ batch: message.batch, error: e instanceof Error ? e.message : String(e) } satisfies OpenBatchDone);
  });
});
port.postMessage({ ready: true });
