// `portas serve STUDY_DIR...`: serves the respondent pages and the researcher API over one store.

import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createApp } from '../server/app.ts';
import { MAX_REQUEST_HEAD } from '../server/respondent-views.ts';
import { formKeyRing, formKeyStore } from '../server/form-key-ring.ts';
import { gracefulShutdown } from '../server/graceful-shutdown.ts';
import { loadStudyRuntime, type StudyRuntime } from '../server/study-runtime.ts';
import { defaultKeyFile, openStore } from '../store/open.ts';
import { ReshuffleScheduler } from '../store/reshuffle-scheduler.ts';
import type { ReshuffleReport, Store, StorageFailure } from '../store/store.ts';
import type { Result } from '../core/result.ts';
import { STOP_TIMEOUT_SECONDS } from '../study/deploy-templates.ts';
import { readArgs, type Command } from './command.ts';
import { diagnose } from './doctor.ts';
import { untilStopSignal } from './stop-signal.ts';

export interface RunningServer {
  readonly server: Server;
  readonly store: Store;
  readonly url: string;
  readonly reshuffles: ReshuffleScheduler;
  /** The start-up re-keying, which runs while the server already answers (in steps it can take minutes). */
  readonly firstReshuffle: Promise<Result<ReshuffleReport, StorageFailure>>;
  close(): Promise<void>;
}

/** How long a stop waits for requests in flight (a slow upload over Tor) before closing their connections. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** How long a stop waits for its last re-keying: what the unit's stop timeout leaves after the grace period, less 10 s. */
export const FINAL_RESHUFFLE_MS = Math.max(5_000, STOP_TIMEOUT_SECONDS * 1000 - SHUTDOWN_GRACE_MS - 10_000);

async function finishedWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => { resolve(false); }, ms)));
  const done = await Promise.race([work.then(() => true as const), late]);
  clearTimeout(timer);
  return done;
}

const warn = (line: string): void => {
  console.error(`portas serve: WARNING: ${line}`);
};

/** Loads studies, opens the store and listens; used by `serve` and by the flagship main job. */
export interface ServerOptions {
  readonly studyDirs: readonly string[];
  readonly store: string;
  readonly host: string;
  readonly port: number;
  readonly stateDir: string;
  /** The storage key file; default beside a SQLite file, or in the state folder for PostgreSQL. */
  readonly storeKey?: string;
  readonly quiet?: boolean;
  /** The server's clock (the main job's replica runs on a simulated one, for realistic completion times). */
  readonly now?: () => Date;
  /** How long a stop waits for requests in flight; SHUTDOWN_GRACE_MS by default. */
  readonly shutdownGraceMs?: number;
  /** How long a stop waits for its last re-keying (default FINAL_RESHUFFLE_MS). */
  readonly finalReshuffleMs?: number;
}

export async function startServer(options: ServerOptions): Promise<RunningServer | string[]> {
  const studies = new Map<string, StudyRuntime>();
  const problems: string[] = [];
  for (const dir of options.studyDirs) {
    const loaded = loadStudyRuntime(dir);
    if (!loaded.ok) problems.push(...loaded.problems);
    else studies.set(loaded.study.instrument.study, loaded.study);
  }
  if (problems.length > 0) return problems;
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const opened = await openStore(options.store, { keyFile: options.storeKey ?? defaultKeyFile(options.store, options.stateDir) });
  if (!opened.ok) return [`store ${options.store.replace(/\/\/[^@/]*@/, '//…@')}: ${opened.error.message}`];
  const store = opened.value;
  const maxAge = Math.max(...[...studies.values()].map((s) => s.settings.maxFormAgeMinutes));
  // The form keys live in the store, so every instance over it continues any path (docs/deploy.md, "More than one instance").
  const keys = await formKeyRing({
    rotateMinutes: 60,
    maxFormAgeMinutes: maxAge,
    storage: formKeyStore(store),
    onReplaced: (reason) => {
      warn(`${reason}: questionnaires begun under them must be started again; nothing stored is affected`);
    },
  });
  // Re-keys and rewrites the tables soon after new rows arrive, at start and at stop (docs/storage.md). A rewrite that
  // cannot run breaks the promise that nothing on disk follows arrival: it is logged, and the counts say "overdue".
  // Set once the stop closes the store: a pass it cut short was already announced, and is no failure to warn about.
  let storeClosing = false;
  const scheduler = new ReshuffleScheduler(store, {
    onReshuffled: (r) => {
      if (!r.ok && !storeClosing) warn(`the reshuffle failed (${r.error.message}): the newest rows stay in arrival order and older database images still match them until one succeeds (run 'portas doctor')`);
    },
  });
  // The start-up re-keying covers a tail a kill left; it runs in steps beside the survey (SQLite re-keys 100,000 rows in
  // minutes), so the server does not wait for it.
  const firstReshuffle = scheduler.runNow().then((first) => {
    if (!first.ok) warn('this server cannot keep its promise that stored rows say nothing about when they arrived, until a reshuffle succeeds');
    return first;
  });
  // The same checks as 'portas doctor': a setting that breaks the promise is said at start-up, not discovered later.
  const keyFile = options.storeKey ?? defaultKeyFile(options.store, options.stateDir);
  for (const f of await diagnose({ store: options.store, storeKey: keyFile, stateDir: options.stateDir })) {
    if (!f.ok) warn(`${f.what}${f.detail === undefined ? '' : ` — ${f.detail}`}`);
  }
  const app = createApp({
    studies,
    store,
    keys,
    now: options.now ?? (() => new Date()),
    onStored: () => {
      scheduler.noteStored();
    },
    reshuffleHealth: () => scheduler.health(),
    log: options.quiet === true ? () => undefined : (l) => {
      console.log(`${l.method} ${l.route} ${l.status} ${l.duration}`);
    },
    onBug: (e) => {
      console.error(`portas serve: internal error: ${e instanceof Error ? (e.stack ?? e.message) : 'unknown'}`);
    },
  });
  const shutdown = gracefulShutdown(app);
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000, maxHeaderSize: MAX_REQUEST_HEAD }, shutdown.listener);
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
    reshuffles: scheduler,
    firstReshuffle,
    close: async () => {
      // In-flight submissions finish (docs/deploy.md); the unit's TimeoutStopSec leaves room for the grace period.
      const drained = await shutdown.drain(server, options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
      if (options.quiet !== true) console.log(`portas serve: stopped; ${String(drained.finished)} request(s) finished, ${String(drained.cut)} cut unanswered`);
      // A graceful stop leaves no tail in arrival order, and no key older than the stop — if the re-keying fits in what
      // the unit's TimeoutStopSec leaves. Past that, closing the store stops a pass in steps (SQLite) at its next step,
      // and the next start carries it on: a kill by systemd would leave the same, less cleanly.
      const final = scheduler.stop({ final: true });
      if (!(await finishedWithin(final, options.finalReshuffleMs ?? FINAL_RESHUFFLE_MS))) {
        warn(`the stop's re-keying did not finish within ${String(Math.round((options.finalReshuffleMs ?? FINAL_RESHUFFLE_MS) / 1000))} s: it stops at its next step and carries on at the next start`);
      }
      storeClosing = true;
      await store.close();
      await final;
    },
  };
}

/** Keeps serving until Ctrl-C or SIGTERM, then closes the server and the store cleanly (once, whichever comes). */
export async function serveUntilStopped(running: RunningServer): Promise<void> {
  await untilStopSignal();
  console.log('portas serve: stopping: no new connections; finishing the requests in flight');
  await running.close();
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve STUDY_DIR... [--store URL] [--store-key FILE] [--host H] [--port N] [--state-dir DIR]',
  summary: 'serve the survey pages and the researcher API (store: sqlite:FILE or postgres://…)',
  async run(args) {
    // main.ts answers --help (COMMAND_HELP.serve) before a command runs.
    const { values, positionals } = readArgs(args, { store: { type: 'string', default: 'sqlite:portas.sqlite' }, 'store-key': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8080' }, 'state-dir': { type: 'string', default: 'portas-state' } });
    if (positionals.length === 0) {
      console.error('portas serve: name at least one study folder');
      return 2;
    }
    const running = await startServer({
      studyDirs: positionals,
      store: values.store,
      host: values.host,
      port: Number(values.port),
      stateDir: values['state-dir'],
      ...(values['store-key'] === undefined ? {} : { storeKey: values['store-key'] }),
    });
    if (Array.isArray(running)) {
      for (const p of running) console.error(p);
      return 1;
    }
    console.log(`portas serve: listening on ${running.url} (study pages at /s/<study>)`);
    await serveUntilStopped(running);
    return 0;
  },
};
