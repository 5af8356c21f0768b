// Stage lines and a progress bar for long runs: redrawn in place on a terminal, one line per stage otherwise.

export interface Progress {
  /** Starts stage `n` of the run. */
  stage(text: string): void;
  /** Within the current stage: `done` of `total` units. */
  tick(done: number, total: number): void;
  /** An indented line under the current stage. */
  note(text: string): void;
}

const WIDTH = 30;

export function progress(stages: number, out: NodeJS.WriteStream = process.stdout): Progress {
  let current = 0;
  let barShown = false;
  let lastTotal = 0;
  let lastDone = 0;
  const endBar = (): void => {
    if (!barShown) return;
    // On a terminal the bar line is finished; elsewhere it is written once, complete.
    if (out.isTTY) out.write('\n');
    else out.write(`      ${String(lastDone)}/${String(lastTotal)}\n`);
    barShown = false;
  };
  return {
    stage(text) {
      endBar();
      current += 1;
      out.write(`[${String(current)}/${String(stages)}] ${text}\n`);
    },
    tick(done, total) {
      barShown = true;
      lastDone = done;
      lastTotal = total;
      if (!out.isTTY) return;
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      out.write(`\r      [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(done)}/${String(total)}`);
    },
    note(text) {
      endBar();
      out.write(`      ${text}\n`);
    },
  };
}
