// A SQLite re-keying as a series of short synchronous steps, each its own transaction, with the event loop free between
// them (docs/storage.md, "SQLite: a re-keying in steps"). The pass's state lives in the database, so another process,
// or this one after a kill, carries on the same pass.

import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result.ts';
import type { KeyFile } from '../key-file.ts';
import { CLEAR_EPOCH, type StorageKey } from '../storage-key.ts';
import type { ReshuffleReport, StorageFailure } from '../store.ts';
import { rekeyFormKeys } from './form-keys.ts';
import { abandonPass, beginPass, drainSome, oldTablesLeft, passUnderWay, swapTables } from './rekey-schema.ts';
import { RekeyRows, rowCounts } from './rekey.ts';

export interface RekeyHost {
  readonly db: Database.Database;
  readonly keys: KeyFile;
  /** Runs `fn` in one IMMEDIATE (or DEFERRED) transaction; I/O failures and aborted rows come back as failures. */
  transaction<T>(mode: 'immediate' | 'deferred', fn: () => T): Result<T, StorageFailure>;
  /** The error a row that the old key cannot open raises (damage, or a key file that does not match). */
  damaged(): Error;
  /** True once the store is closing: the pass stops between two steps and carries on at the next re-keying. */
  closing(): boolean;
}

/** Rows per step: grown or shrunk after each step so that a step takes about `targetMs`, fsync included. */
class Batch {
  constructor(
    private size: number,
    private readonly max: number,
  ) {}
  get n(): number {
    return Math.max(1, Math.round(this.size));
  }
  took(ms: number, targetMs: number): void {
    this.size = Math.min(this.max, Math.max(1, this.size * Math.min(2, Math.max(0.5, targetMs / Math.max(ms, 0.1)))));
  }
}

type Phase = 'drain' | 'begin' | 'collect' | 'copy' | 'redo' | 'prune' | 'tidy';
type Step = { next: Phase } | { done: ReshuffleReport | undefined } | { failed: StorageFailure };

/** Rows (responses and coupons) up to which the switch checks the new tables' counts against the live ones. */
const VERIFY_UP_TO = 20_000;

const epochOf = (db: Database.Database): string => db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;

/** Longest and total time of a kind of span (a step, a transaction). */
class Spans {
  longest = 0;
  total = 0;
  add(ms: number): void {
    this.longest = Math.max(this.longest, ms);
    this.total += ms;
  }
}

/**
 * One re-keying: old tables left by an earlier switch are drained; a pass is begun (or joined, when one is under way);
 * every live row is listed with its new key, then copied in the new key order into the new tables; the rows the log
 * names are redone until few are left; the last of them, the check that both sides hold as many rows, the switch of
 * tables and epoch happen in one step; the old key is forgotten; the old rows are deleted in steps.
 *
 * A copy or redo step is three parts: a short read, the crypto with no transaction open, and a short IMMEDIATE
 * transaction of inserts and deletes of rows already computed (rekey.ts says why that is as safe as one transaction).
 * On its own thread (`ownThread`, rekey-worker.ts) what the serving thread can wait for is the transactions, not the
 * steps: batches are sized to keep each transaction near `targetMs`, and the report's pausedMs is the longest
 * transaction. On the serving thread it is the longest whole step. busyMs is the sum of whole steps on either thread:
 * the work the pass did, which the scheduler spaces re-keyings by (the sum of transactions alone, a small part of it,
 * would let passes run nearly back to back, rewriting the whole file again and again).
 */
export class RekeyRun {
  private phase: Phase = 'drain';
  private pass: { old: StorageKey; fresh: StorageKey; rows: RekeyRows } | undefined;
  private counts = { responses: 0, coupons: 0 };
  private readonly batches = { drain: new Batch(64, 4096), collect: new Batch(512, 16384), copy: new Batch(64, 4096), redo: new Batch(64, 4096) };
  private readonly t0 = performance.now();
  private readonly steps = new Spans();
  private readonly transactions = new Spans();
  /** How long the last step took, its crypto and waits included: a worker rests about as long before the next. */
  lastStepMs = 0;

  constructor(
    private readonly host: RekeyHost,
    private readonly onlyIfClear: boolean,
    private readonly targetMs: number,
    private readonly ownThread = false,
  ) {}

  /** Runs steps until the re-keying is done, calling `pause` between two steps. */
  async run(pause: () => Promise<void>): Promise<Result<ReshuffleReport | undefined, StorageFailure>> {
    for (;;) {
      const out = this.once();
      if (out !== undefined) return out;
      await pause();
    }
  }

  /** The same, without pausing: at open, before the store serves anything. */
  runNow(): Result<ReshuffleReport | undefined, StorageFailure> {
    for (;;) {
      const out = this.once();
      if (out !== undefined) return out;
    }
  }

  private once(): Result<ReshuffleReport | undefined, StorageFailure> | undefined {
    if (this.host.closing()) {
      this.finish();
      return err({ kind: 'storage-failed', reason: 'unavailable', message: 'reshuffle: the store closed; the pass goes on at the next re-keying' });
    }
    const t = performance.now();
    const step = this.step();
    this.lastStepMs = performance.now() - t;
    this.steps.add(this.lastStepMs);
    if ('next' in step) {
      this.phase = step.next;
      return undefined;
    }
    this.finish();
    return 'failed' in step ? err(step.failed) : ok(step.done);
  }

  private finish(): void {
    const t = performance.now();
    if (this.pass !== undefined) this.host.transaction('deferred', () => this.pass?.rows.dispose());
    this.pass = undefined;
    this.steps.add(performance.now() - t);
  }

  /**
   * One transaction, timed from the moment it holds its lock (BEGIN IMMEDIATE, or a deferred one's first read, may
   * first wait in the busy handler: waiting holds nothing up) to its commit; `sized`, when given, is the batch it
   * carried, resized after it.
   */
  private tx<T>(mode: 'immediate' | 'deferred', fn: () => T, sized?: Batch): Result<T, StorageFailure> {
    let held = Number.NaN;
    const out = this.host.transaction(mode, () => {
      held = performance.now();
      return fn();
    });
    const ms = Number.isNaN(held) ? 0 : performance.now() - held;
    this.transactions.add(ms);
    sized?.took(ms, this.targetMs);
    return out;
  }

  private in<T>(mode: 'immediate' | 'deferred', fn: () => T, then: (value: T) => Step, sized?: Batch): Step {
    const out = this.tx(mode, fn, sized);
    return out.ok ? then(out.value) : { failed: out.error };
  }

  private report(skipped: boolean): ReshuffleReport {
    const epoch = this.pass?.fresh.id ?? epochOf(this.host.db);
    const held = this.ownThread ? this.transactions : this.steps;
    const base = { ...this.counts, epoch, milliseconds: performance.now() - this.t0, pausedMs: held.longest, busyMs: this.steps.total };
    return skipped ? { ...base, skipped } : base;
  }

  /** Still the pass this run works on? Another process may have finished it (then it covered our rows too). */
  private current(): boolean {
    return this.pass !== undefined && passUnderWay(this.host.db) === this.pass.fresh.id;
  }

  /**
   * Reads a batch (`plan`), re-keys it outside any transaction, and writes it (`put`) in an IMMEDIATE transaction if
   * the pass is still this one. On the serving thread the batch is sized by the whole step (the loop waits for all of
   * it), on its own thread by the write transaction.
   */
  private split<P, R>(batch: Batch, plan: (rows: RekeyRows, n: number) => P | undefined, rekey: (rows: RekeyRows, p: P) => void, put: (rows: RekeyRows, p: P, n: number) => R, then: (r: R | undefined) => Step): Step {
    const n = batch.n;
    const t = performance.now();
    const planned = this.tx('deferred', () => (this.current() && this.pass !== undefined ? plan(this.pass.rows, n) : undefined));
    if (!planned.ok) return { failed: planned.error };
    const p = planned.value;
    const rows = this.pass?.rows;
    if (p === undefined || rows === undefined) return then(undefined);
    rekey(rows, p);
    const out = this.in('immediate', () => (this.current() ? put(rows, p, n) : undefined), then, this.ownThread ? batch : undefined);
    if (!this.ownThread) batch.took(performance.now() - t, this.targetMs);
    return out;
  }

  private step(): Step {
    const { db, keys } = this.host;
    if (this.onlyIfClear && this.phase === 'drain') {
      // At open only a database never keyed is re-keyed, before it serves; a pass or old rows that a kill left wait for
      // the first re-keying, which runs in steps (here they would hold the open up for as long as they take).
      const keyed = this.tx('deferred', () => epochOf(db) !== CLEAR_EPOCH);
      if (!keyed.ok) return { failed: keyed.error };
      if (keyed.value) return { done: undefined };
    }
    const skipped = (): Step => ({ done: this.report(true) });
    switch (this.phase) {
      case 'drain':
      case 'tidy': {
        const after: Step = this.phase === 'drain' ? { next: 'begin' } : { done: this.report(false) };
        const b = this.batches.drain;
        return this.in('immediate', () => (oldTablesLeft(db) ? drainSome(db, b.n) : -1), (n) => (n < 0 ? after : { next: this.phase }), b);
      }
      case 'begin':
        return this.in('immediate', () => this.begin(), (r) => (r === 'abandoned' ? { next: 'drain' } : { next: 'collect' }));
      case 'collect': {
        // The keys are read, keyed anew with no transaction open, and listed in this connection's temp table (a
        // transaction that takes no lock on the database file).
        const b = this.batches.collect;
        const t = performance.now();
        const read = this.tx('deferred', () => (this.current() ? this.pass?.rows.listKeys(b.n) ?? 'listed' : undefined), this.ownThread ? b : undefined);
        if (!read.ok) return { failed: read.error };
        const rows = this.pass?.rows;
        if (read.value === undefined || rows === undefined) return skipped();
        const keyed = read.value === 'listed' ? undefined : rows.keyAnew(read.value);
        const out = this.in('deferred', () => rows.order(keyed), (done): Step => ({ next: done ? 'copy' : 'collect' }));
        if (!this.ownThread) b.took(performance.now() - t, this.targetMs);
        return out;
      }
      case 'copy':
        return this.split(
          this.batches.copy,
          (rows, n) => rows.planCopy(n) ?? 'copied',
          (rows, p) => {
            if (p !== 'copied') rows.rekey(p.rows);
          },
          (rows, p, n) => (p === 'copied' ? true : rows.putCopy(p, n)),
          (done) => (done === undefined ? skipped() : { next: done ? 'redo' : 'copy' }),
        );
      case 'redo': {
        const left = this.tx('deferred', () => (this.current() ? this.pass?.rows.logSize() : undefined));
        if (!left.ok) return { failed: left.error };
        if (left.value === undefined) return skipped();
        const b = this.batches.redo;
        if (left.value > b.n) {
          return this.split(
            b,
            (rows, n) => rows.planRedo(n),
            (rows, p) => {
              rows.rekey(p);
            },
            (rows, p) => rows.putRedo(p),
            (r) => (r === undefined ? skipped() : { next: 'redo' }),
          );
        }
        // The last logged rows, read, re-keyed and redone in the transaction that switches: nothing lands in between.
        return this.in('immediate', () => (this.current() ? this.redoOrSwitch(b.n) : 'lost'), (r) => {
          if (r === 'lost') return skipped();
          if (r === 'more') return { next: 'redo' };
          if (r === 'switched') return { next: 'prune' };
          return { failed: r };
        });
      }
      case 'prune':
        // After the switch is durable: only the new key stays in the file (a kill before this leaves both; the next open prunes).
        return this.in(
          'immediate',
          () => {
            if (passUnderWay(db) === undefined) keys.keepOnly(epochOf(db));
          },
          () => ({ next: 'tidy' }),
        );
    }
  }

  /** Begins a pass, or joins the one under way; a pass whose key is not in the key file any more is given up. */
  private begin(): 'abandoned' | 'begun' {
    const { db, keys } = this.host;
    const epoch = epochOf(db);
    const old = keys.keyFor(epoch);
    if (old === undefined) throw this.host.damaged();
    const under = passUnderWay(db);
    let fresh: StorageKey | undefined;
    if (under !== undefined) {
      fresh = keys.keyFor(under);
      if (fresh === undefined) {
        abandonPass(db);
        return 'abandoned';
      }
    } else {
      // Durably in the key file before any row is keyed under it; forgotten again (prune) if this transaction fails.
      fresh = keys.stage();
      beginPass(db, fresh.id);
    }
    this.pass = { old, fresh, rows: new RekeyRows(db, old, fresh, () => this.host.damaged()) };
    return 'begun';
  }

  /**
   * Redoes `n` logged rows; when no more than `n` are left, redoes them all and switches in the same transaction, after
   * checking that the new tables hold exactly as many rows as the live ones (else the pass is given up, nothing lost).
   */
  private redoOrSwitch(n: number): 'more' | 'switched' | StorageFailure {
    const pass = this.pass;
    if (pass === undefined) return 'more';
    const { db } = this.host;
    if (pass.rows.logSize() > n) {
      pass.rows.redoLogged(n);
      return 'more';
    }
    pass.rows.redoLogged(n);
    const kept = pass.rows.nextCounts();
    // A safety net, not the argument (that every live row was listed or logged, and each copied or redone): counting
    // walks every page of four tables, ≈ 0.25 s at 100,000 responses, so it runs only where it is one short step.
    if (pass.rows.listed <= VERIFY_UP_TO) {
      const c = rowCounts(db);
      if (c.live.responses !== c.next.responses || c.live.coupons !== c.next.coupons || c.next.responses !== kept.responses || c.next.coupons !== kept.coupons) {
        abandonPass(db);
        return { kind: 'storage-failed', reason: 'corrupt', message: `reshuffle: the re-keyed copy does not match the live rows (responses ${String(c.next.responses)} of ${String(c.live.responses)}, coupons ${String(c.next.coupons)} of ${String(c.live.coupons)}); given up, nothing changed` };
      }
    }
    rekeyFormKeys(db, pass.old, pass.fresh);
    swapTables(db);
    db.prepare('UPDATE storage_epoch SET id = ?').run(pass.fresh.id);
    this.counts = { ...kept };
    return 'switched';
  }
}
