// A worker thread of the open pool: holds its own opener and opens the batches it is sent.

import { parentPort, workerData } from 'node:worker_threads';
import { keyFromWorkerData, openerFor, openMany, type OpenExpectation, type OpenerOptions, type SealedRecord, type WorkerKeyData } from '../crypto/index.ts';

export interface OpenWorkerData {
  readonly key: WorkerKeyData;
  readonly expect: OpenExpectation;
  readonly opener: OpenerOptions;
}

export interface OpenBatch {
  readonly batch: number;
  readonly records: readonly SealedRecord[];
}

export interface OpenBatchDone {
  readonly batch: number;
  /** UTF-8 JSON of an OpenManyResult. */
  readonly json: Uint8Array;
}

const port = parentPort;
if (port === null) throw new Error('open-worker: must run as a worker thread');
const data = workerData as OpenWorkerData;
const opener = openerFor(await keyFromWorkerData(data.key), data.opener);
// Results go back as one JSON text per batch in a transferred buffer: structured-cloning thousands of small
// objects costs the parent thread about twice as much as parsing the same data from JSON.
port.on('message', (message: OpenBatch) => {
  void openMany(opener, message.records, data.expect).then((result) => {
    const json = new TextEncoder().encode(JSON.stringify(result));
    port.postMessage({ batch: message.batch, json } satisfies OpenBatchDone, [json.buffer]);
  });
});
port.postMessage({ ready: true });
