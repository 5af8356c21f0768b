// Raking to 3 margins + 500 bootstrap replicates of 20 proportions on 100,000 rows: portas vs R's survey, same data, same run.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { surveyDesign } from '../src/analysis/design.ts';
import type { RakingMargin } from '../src/analysis/rake.ts';
import { meanStatistic, replicateEstimates } from '../src/analysis/replicate-estimate.ts';
import { bootstrapDesign, rakeReplicates } from '../src/analysis/replicates.ts';
import { expectOk } from '../src/core/result.ts';
import { type Rng, xoshiro128ss } from '../src/core/rng.ts';
import { fmt, peakRssMiB } from './measure.ts';

const N_ROWS = 100_000;
const REPLICATES = 500;
const K = 20;
const POPULATION = 1_000_000;
const SHARES = { a: [0.3, 0.3, 0.2, 0.2], b: [0.48, 0.52], c: [0.1, 0.2, 0.3, 0.25, 0.15] };
const CONTROL = { epsilon: 1e-7, maxit: 50 };

function pick(rng: Rng, probs: readonly number[]): number {
  let u = rng.nextFloat();
  for (let k = 0; k < probs.length; k++) {
    u -= probs[k] ?? 0;
    if (u < 0) return k + 1;
  }
  return probs.length;
}

function generate(): { cols: Record<string, Float64Array>; names: string[] } {
  const rng = xoshiro128ss(2026);
  const cols: Record<string, Float64Array> = { w: new Float64Array(N_ROWS), a: new Float64Array(N_ROWS), b: new Float64Array(N_ROWS), c: new Float64Array(N_ROWS) };
  const ys = Array.from({ length: K }, (_, j) => (cols[`y${j + 1}`] = new Float64Array(N_ROWS)));
  for (let i = 0; i < N_ROWS; i++) {
    const a = pick(rng, [0.4, 0.3, 0.2, 0.1]);
    const b = pick(rng, [0.6, 0.4]);
    const c = pick(rng, [0.2, 0.2, 0.2, 0.2, 0.2]);
    (cols['a'] as Float64Array)[i] = a;
    (cols['b'] as Float64Array)[i] = b;
    (cols['c'] as Float64Array)[i] = c;
    (cols['w'] as Float64Array)[i] = Math.round(Math.exp(2 + 0.6 * Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat())) * 1000) / 1000;
    ys.forEach((y, j) => { y[i] = rng.nextFloat() < 0.02 + 0.04 * j * (a / 4) + 0.05 * (b - 1) ? 1 : 0; });
  }
  return { cols, names: ['w', 'a', 'b', 'c', ...ys.map((_, j) => `y${j + 1}`)] };
}

const R_SCRIPT = `
suppressMessages(library(survey))
args <- commandArgs(TRUE); dir <- args[1]; n <- as.integer(args[2]); R <- as.integer(args[3])
d <- read.csv(file.path(dir, "data.csv"))
pops <- list(data.frame(a = 1:4, Freq = c(${SHARES.a.map((s) => s * POPULATION).join(',')})), data.frame(b = 1:2, Freq = c(${SHARES.b.map((s) => s * POPULATION).join(',')})), data.frame(c = 1:5, Freq = c(${SHARES.c.map((s) => s * POPULATION).join(',')})))
f <- as.formula(paste("~", paste0("y", 1:${K}, collapse = "+")))
ctl <- list(epsilon = ${CONTROL.epsilon}, maxit = ${CONTROL.maxit})
t0 <- proc.time()[["elapsed"]]
own <- rake(as.svrepdesign(svydesign(ids = ~1, weights = ~w, data = d), type = "subbootstrap", replicates = R), list(~a, ~b, ~c), pops, control = ctl)
m_own <- svymean(f, own)
t1 <- proc.time()[["elapsed"]]
cnt <- readBin(file.path(dir, "counts.bin"), "integer", size = 1, signed = FALSE, n = n * R)
rw <- matrix(cnt, nrow = n) * (n / (n - 1))
same <- rake(svrepdesign(data = d, repweights = rw, weights = ~w, type = "bootstrap", combined.weights = FALSE), list(~a, ~b, ~c), pops, control = ctl)
m_same <- svymean(f, same)
hwm <- grep("VmHWM", readLines("/proc/self/status"), value = TRUE)
cat(sprintf("%.17g", t1 - t0), as.numeric(gsub("[^0-9]", "", hwm)) / 1024, "\\n")
cat(sprintf("%.17g", coef(m_same)), "\\n"); cat(sprintf("%.17g", SE(m_same)), "\\n"); cat(sprintf("%.17g", SE(m_own)), "\\n")
`;

export function run(say: (line: string) => void): Promise<void> {
  try {
    runSync(say);
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function runSync(say: (line: string) => void): void {
  const { cols, names } = generate();
  const col = (name: string): Float64Array => cols[name] ?? new Float64Array(0);
  const margins: RakingMargin[] = (['a', 'b', 'c'] as const).map((v) => ({ name: v, column: col(v), population: SHARES[v].map((s, k) => ({ code: k + 1, total: s * POPULATION })) }));
  const stats = Array.from({ length: K }, (_, j) => meanStatistic(col(`y${j + 1}`)));
  const pipeline = (): ReturnType<typeof replicateEstimates> => {
    const design = expectOk(surveyDesign({ weights: col('w') }), 'design');
    const rep = bootstrapDesign(design, { replicates: REPLICATES, rng: xoshiro128ss(1) });
    const raked = expectOk(rakeReplicates(rep, margins, CONTROL), 'rake').design;
    return replicateEstimates(raked, stats);
  };
  const times: number[] = [];
  let result = pipeline();
  for (let t = 0; t < 3; t++) {
    const t0 = performance.now();
    result = pipeline();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const portasMs = times[1] ?? Number.NaN;
  const portasPeak = peakRssMiB();
  say(`portas: ${fmt(portasMs / 1000, 2)} s (median of 3), peak RSS ${fmt(portasPeak, 0)} MiB`);

  const rscript = spawnSync('Rscript', ['--version'], { stdio: 'ignore' });
  if (rscript.status !== 0) {
    say('R: Rscript not found — install r-base-core and r-cran-survey to compare');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'portas-bench-'));
  try {
    const lines = [names.join(',')];
    for (let i = 0; i < N_ROWS; i++) lines.push(names.map((nm) => String(col(nm)[i])).join(','));
    writeFileSync(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
    // The same replicate draws as portas (seed 1): PSU counts, replicate-major columns for R's matrix().
    const rep = bootstrapDesign(expectOk(surveyDesign({ weights: col('w') }), 'design'), { replicates: REPLICATES, rng: xoshiro128ss(1) });
    const counts = new Uint8Array(N_ROWS * REPLICATES);
    const buf = new Float64Array(N_ROWS);
    const factor = N_ROWS / (N_ROWS - 1);
    for (let r = 0; r < REPLICATES; r++) {
      rep.fill(r, buf);
      for (let i = 0; i < N_ROWS; i++) counts[r * N_ROWS + i] = Math.round((buf[i] ?? 0) / ((col('w')[i] ?? 1) * factor));
    }
    writeFileSync(join(dir, 'counts.bin'), counts);
    writeFileSync(join(dir, 'bench.R'), R_SCRIPT);
    const out = spawnSync('Rscript', [join(dir, 'bench.R'), dir, String(N_ROWS), String(REPLICATES)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (out.status !== 0) throw new Error(`R failed: ${out.stderr}`);
    const [timing, est, seSame, seOwn] = out.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const rSeconds = timing?.[0] ?? Number.NaN;
    say(`R survey: ${fmt(rSeconds, 2)} s (one run: as.svrepdesign + rake + svymean), peak RSS ${fmt(timing?.[1] ?? Number.NaN, 0)} MiB`);
    say(`speed-up portas vs R: ${fmt(rSeconds / (portasMs / 1000), 1)}× (target ≥ 10×)`);
    let worstEst = 0;
    let worstSe = 0;
    result.forEach((e, j) => {
      worstEst = Math.max(worstEst, Math.abs(e.estimate - (est?.[j] ?? Number.NaN)) / Math.abs(est?.[j] ?? 1));
      worstSe = Math.max(worstSe, Math.abs(e.se - (seSame?.[j] ?? Number.NaN)) / Math.abs(seSame?.[j] ?? 1));
    });
    const ownRatio = result.map((e, j) => e.se / (seOwn?.[j] ?? Number.NaN)).sort((x, y) => x - y);
    say(`SE ratio portas / R's own independent bootstrap: min ${fmt(ownRatio[0] ?? Number.NaN, 3)}, max ${fmt(ownRatio[K - 1] ?? Number.NaN, 3)}`);
    say(`agreement with R fed the same replicate draws: estimates ${worstEst.toExponential(1)}, SEs ${worstSe.toExponential(1)} (largest relative difference)`);
    if (!(worstEst < 1e-8 && worstSe < 1e-8)) throw new Error('portas and R disagree beyond 1e-8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
