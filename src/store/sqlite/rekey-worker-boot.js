// Entry of the SQLite re-keying thread: registers tsx in this thread (a worker inherits neither bin/portas.js's
// register() nor, on Node 20, a working `--import tsx`), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./rekey-worker.ts');
