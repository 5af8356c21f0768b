// A worker thread of the open pool: holds its own opener and opens the batches it is sent.

import { parentPort, workerData } from 'node:worker_threads';
import { keyFromWorkerData, openerFor, openMany, type OpenExpectation, type SealedRecord, type WorkerKeyData } from '../crypto/index.ts';

export interface OpenWorkerData {
  readonly key: WorkerKeyData;
  readonly expect: OpenExpectation;
}

export interface OpenBatch {
  readonly batch: number;
  readonly records: readonly SealedRecord[];
}

const port = parentPort;
if (port === null) throw new Error('open-worker: must run as a worker thread');
const data = workerData as OpenWorkerData;
const opener = openerFor(await keyFromWorkerData(data.key));
port.on('message', (message: OpenBatch) => {
  void openMany(opener, message.records, data.expect).then((result) => {
    port.postMessage({ batch: message.batch, result });
  });
});
port.postMessage({ ready: true });
