// Stage lines and a progress bar for long runs: redrawn in place on a terminal, one line per stage otherwise.

/**
 * A bar for one long step on stderr (or `out`) when it is a terminal, finished with a newline at
 * `total`; undefined elsewhere, so logs and pipes get no control characters.
 */
export function terminalBar(label: string, out: NodeJS.WriteStream = process.stderr): ((done: number, total: number) => void) | undefined {
  if (!out.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    // Redraw only when the bar or the count would change visibly: a bootstrap ticks thousands of times.
    const step = total === 0 ? 0 : Math.floor((1000 * done) / total);
    if (step === last && done !== total) return;
    last = step;
    drawBar(out, label === '' ? '' : `${label} `, done, total);
    if (done === total) out.write('\n');
  };
}

export interface Progress {
  /** Starts the next stage; `key` names it in `timings()` (default: the text). */
  stage(text: string, key?: string): void;
  /** Within the current stage: `done` of `total` units. */
  tick(done: number, total: number): void;
  /** An indented line under the current stage. */
  note(text: string): void;
  /** Seconds each stage took so far, the current one up to now. */
  timings(): { readonly stage: string; readonly seconds: number }[];
}

const WIDTH = 30;

/** Redraws one bar line in place, e.g. `bootstrap [#####.....] 120/222`; a terminal only. */
export function drawBar(out: NodeJS.WriteStream, label: string, done: number, total: number): void {
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  out.write(`\r${label}[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(done)}/${String(total)}`);
}

export function progress(stages: number, out: NodeJS.WriteStream = process.stdout): Progress {
  let current = 0;
  let barShown = false;
  let lastTotal = 0;
  let lastDone = 0;
  const laps: { stage: string; started: number }[] = [];
  const endBar = (): void => {
    if (!barShown) return;
    // On a terminal the bar line is finished; elsewhere it is written once, complete.
    if (out.isTTY) out.write('\n');
    else out.write(`      ${String(lastDone)}/${String(lastTotal)}\n`);
    barShown = false;
  };
  return {
    stage(text, key = text) {
      endBar();
      laps.push({ stage: key, started: performance.now() });
      current += 1;
      out.write(`[${String(current)}/${String(stages)}] ${text}\n`);
    },
    tick(done, total) {
      barShown = true;
      lastDone = done;
      lastTotal = total;
      if (!out.isTTY) return;
      drawBar(out, '      ', done, total);
    },
    note(text) {
      endBar();
      out.write(`      ${text}\n`);
    },
    timings() {
      const now = performance.now();
      return laps.map((l, i) => ({ stage: l.stage, seconds: ((laps[i + 1]?.started ?? now) - l.started) / 1000 }));
    },
  };
}
