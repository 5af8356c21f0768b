// When to reshuffle: as soon as new rows exist, but spending at most a set share of wall time on rewrites.

import type { ReshuffleReport, Store, StorageFailure } from './store.ts';
import type { Result } from '../core/result.ts';

export interface ReshufflePolicy {
  /** Longest share of wall time spent rewriting (default 0.05: wait 19 × the last rewrite's duration before the next). */
  readonly dutyCycle?: number;
  /** Rewrite at least this often while new rows are waiting, whatever the duty cycle says (default one hour). */
  readonly maxDelayMs?: number;
  /** Called after each rewrite (a failed one is retried at the next trigger). */
  readonly onReshuffled?: (result: Result<ReshuffleReport, StorageFailure>) => void;
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

  constructor(
    private readonly store: Store,
    private readonly policy: ReshufflePolicy = {},
  ) {
    this.duty = policy.dutyCycle ?? 0.05;
    this.maxDelayMs = policy.maxDelayMs ?? 3_600_000;
    if (!(this.duty > 0 && this.duty <= 1)) throw new RangeError('dutyCycle must be in (0, 1]');
  }

  /** Rows written since the last completed rewrite (what a seizure right now would find in arrival order). */
  get tail(): number {
    return this.pending;
  }

  noteStored(): void {
    this.pending += 1;
    this.schedule();
  }

  /** Resolves once no rewrite is running or due: every noted row has been rewritten. */
  async settled(): Promise<void> {
    while (this.running !== undefined || this.timer !== undefined) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined || this.running !== undefined || this.pending === 0) return;
    const earliest = this.lastEnd + this.lastDuration * (1 / this.duty - 1);
    const wait = Math.min(Math.max(0, earliest - Date.now()), this.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, wait);
  }

  private async runOnce(): Promise<void> {
    const covered = this.pending;
    const t0 = Date.now();
    const result = await this.store.reshuffle();
    this.lastEnd = Date.now();
    this.lastDuration = this.lastEnd - t0;
    if (result.ok) this.pending -= covered;
    this.policy.onReshuffled?.(result);
  }
}
