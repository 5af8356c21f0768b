// `portas serve STUDY_DIR...`: serves the respondent pages and the researcher API over one store.

import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app.ts';
import { formKeyRing } from '../server/form-key-ring.ts';
import { loadStudyRuntime, type StudyRuntime } from '../server/study-runtime.ts';
import { openStore } from '../store/open.ts';
import { ReshuffleScheduler } from '../store/reshuffle-scheduler.ts';
import type { Store } from '../store/store.ts';
import type { Command } from './command.ts';

export interface RunningServer {
  readonly server: Server;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

/** Loads studies, opens the store and listens; used by `serve` and by the flagship main job. */
export async function startServer(options: { readonly studyDirs: readonly string[]; readonly store: string; readonly host: string; readonly port: number; readonly stateDir: string; readonly quiet?: boolean; readonly now?: () => Date }): Promise<RunningServer | string[]> {
  const studies = new Map<string, StudyRuntime>();
  const problems: string[] = [];
  for (const dir of options.studyDirs) {
    const loaded = loadStudyRuntime(dir);
    if (!loaded.ok) problems.push(...loaded.problems);
    else studies.set(loaded.study.instrument.study, loaded.study);
  }
  if (problems.length > 0) return problems;
  const opened = await openStore(options.store);
  if (!opened.ok) return [`store ${options.store.replace(/\/\/[^@/]*@/, '//…@')}: ${opened.error.message}`];
  const store = opened.value;
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const maxAge = Math.max(...[...studies.values()].map((s) => s.settings.maxFormAgeMinutes));
  const keys = await formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: maxAge, file: join(options.stateDir, 'form-keys.json') });
  // Rewrites the tables in random-key order soon after new rows arrive (docs/storage.md).
  const scheduler = new ReshuffleScheduler(store);
  const app = createApp({
    studies,
    store,
    keys,
    now: options.now ?? (() => new Date()),
    onStored: () => {
      scheduler.noteStored();
    },
    log: options.quiet === true ? () => undefined : (l) => {
      console.log(`${l.method} ${l.route} ${l.status} ${l.duration}`);
    },
    onBug: (e) => {
      console.error(`portas serve: internal error: ${e instanceof Error ? (e.stack ?? e.message) : 'unknown'}`);
    },
  });
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    server,
    store,
    url: `http://${options.host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
      await scheduler.stop();
      await store.close();
    },
  };
}

/** Keeps serving until Ctrl-C or SIGTERM, then closes the server and the store cleanly. */
export function serveUntilStopped(running: RunningServer): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      void running.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve STUDY_DIR... [--store URL] [--host H] [--port N] [--state-dir DIR]',
  summary: 'serve the survey pages and the researcher API (store: sqlite:FILE or postgres://…)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { store: { type: 'string', default: 'sqlite:portas.sqlite' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8080' }, 'state-dir': { type: 'string', default: 'portas-state' } },
      allowPositionals: true,
    });
    if (positionals.length === 0) {
      console.error('portas serve: name at least one study folder');
      return 2;
    }
    const running = await startServer({ studyDirs: positionals, store: values.store, host: values.host, port: Number(values.port), stateDir: values['state-dir'] });
    if (Array.isArray(running)) {
      for (const p of running) console.error(p);
      return 1;
    }
    console.log(`portas serve: listening on ${running.url} (study pages at /s/<study>)`);
    await serveUntilStopped(running);
    return 0;
  },
};
