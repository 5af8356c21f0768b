// When to reshuffle: as soon as new rows exist, but spending at most a set share of wall time on rewrites.

import type { ReshuffleReport, Store, StorageFailure } from './store.ts';
import type { Result } from '../core/result.ts';

export interface ReshufflePolicy {
  /**
   * Longest share of wall time spent rewriting (default 0.05: wait 19 × the last rewrite's duration before the next; for
   * a re-keying in steps, 19 × the time its steps took).
   */
  readonly dutyCycle?: number;
  /** Rewrite at least this often while new rows are waiting, whatever the duty cycle says (default one hour). */
  readonly maxDelayMs?: number;
  /** Called after each rewrite (a failed one is retried at the next trigger). */
  readonly onReshuffled?: (result: Result<ReshuffleReport, StorageFailure>) => void;
  /** The clock (ms), injected for tests; default Date.now. */
  readonly now?: () => number;
}

/** What the researcher API and the logs say about the promise that stored rows are not in arrival order. */
export interface ReshuffleHealth {
  /** Rows stored since the last completed rewrite: a seizure now would find them in arrival order. */
  readonly tail: number;
  /** True when the last attempt failed, or rows have waited longer than the longest delay allowed. */
  readonly overdue: boolean;
  /** The last failure's message while it is not yet overcome by a success. */
  readonly lastFailure?: string;
}

/**
 * Runs `store.reshuffle()` after stored submissions, so that the rows still in arrival order (the "tail" since the
 * last rewrite) stay few. Small studies are rewritten after nearly every submission; large ones as often as the duty
 * cycle allows. The server calls `noteStored()` after each `stored` outcome and `stop()` at shutdown.
 */
export class ReshuffleScheduler {
  private readonly duty: number;
  private readonly maxDelayMs: number;
  private pending = 0;
  private lastEnd = 0;
  private lastDuration = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private oldestPending: number | undefined;
  private lastFailure: string | undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly policy: ReshufflePolicy = {},
  ) {
    this.duty = policy.dutyCycle ?? 0.05;
    this.maxDelayMs = policy.maxDelayMs ?? 3_600_000;
    if (!(this.duty > 0 && this.duty <= 1)) throw new RangeError('dutyCycle must be in (0, 1]');
    this.now = policy.now ?? Date.now;
  }

  health(): ReshuffleHealth {
    const waitedTooLong = this.oldestPending !== undefined && this.now() - this.oldestPending > this.maxDelayMs;
    const overdue = this.lastFailure !== undefined || waitedTooLong;
    return { tail: this.pending, overdue, ...(this.lastFailure === undefined ? {} : { lastFailure: this.lastFailure }) };
  }

  /** Rows written since the last completed rewrite (what a seizure right now would find in arrival order). */
  get tail(): number {
    return this.pending;
  }

  noteStored(): void {
    this.pending += 1;
    this.oldestPending ??= this.now();
    this.schedule();
  }

  /** Resolves once no rewrite is running or due: every noted row has been rewritten. */
  async settled(): Promise<void> {
    while (this.running !== undefined || this.timer !== undefined) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Cancels what is pending and waits for a running rewrite; with `final`, then rewrites once more (at shutdown). */
  async stop(options: { readonly final?: boolean } = {}): Promise<Result<ReshuffleReport, StorageFailure> | undefined> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running;
    if (options.final !== true) return undefined;
    return this.runOnce();
  }

  /** Rewrites now (at start-up, or on demand), whatever the schedule; the schedule waits for it. */
  async runNow(): Promise<Result<ReshuffleReport, StorageFailure>> {
    if (this.running) await this.running;
    const run = this.runOnce();
    const running = run.then(() => undefined);
    this.running = running;
    void running.finally(() => {
      if (this.running === running) this.running = undefined;
      this.schedule();
    });
    return run;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined || this.running !== undefined || this.pending === 0) return;
    const earliest = this.lastEnd + this.lastDuration * (1 / this.duty - 1);
    const wait = Math.min(Math.max(0, earliest - Date.now()), this.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce().then(() => undefined).finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, wait);
  }

  private async runOnce(): Promise<Result<ReshuffleReport, StorageFailure>> {
    const covered = this.pending;
    const t0 = Date.now();
    const result = await this.store.reshuffle();
    this.lastEnd = Date.now();
    // Skipped: another instance is re-keying (it covers our rows); we leave it be as long as our own rewrite would.
    // A re-keying in steps (SQLite) keeps the server busy only for its steps: the duty cycle is a share of busy time.
    this.lastDuration =
      result.ok && result.value.skipped === true ? Math.max(result.value.milliseconds, this.lastEnd - t0) : result.ok && result.value.busyMs !== undefined ? result.value.busyMs : this.lastEnd - t0;
    if (result.ok) {
      this.pending -= covered;
      this.lastFailure = undefined;
      this.oldestPending = this.pending === 0 ? undefined : t0; // rows noted during the rewrite arrived after it began
    } else {
      this.lastFailure = result.error.message;
    }
    this.policy.onReshuffled?.(result);
    return result;
  }
}
