// Entry of the re-keying's worker thread: registers tsx in this thread (workers inherit neither bin/portas.js's
// register() nor a working `--import tsx` on Node 20), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const { serveRekeyWorker } = await import('./rekey-worker.ts');
await serveRekeyWorker();
