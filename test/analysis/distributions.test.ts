import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pbeta, pf, pt, qbeta, qt } from '../../src/analysis/dist/beta.ts';
import { lgamma, pchisq } from '../../src/analysis/dist/gamma.ts';
import { pnorm, qnorm } from '../../src/analysis/dist/normal.ts';
import { assertClose, loadReference } from './r-reference.ts';

interface Case { fn: string; args: number[]; value: number }
// Source: test/reference/survey/distributions.R (base R qnorm, pnorm, pt, qt, pchisq, pf, pbeta, qbeta, lgamma).
const ref = loadReference('distributions') as { cases: Case[] };

const impl: Record<string, (a: number[]) => number> = {
  qnorm: ([p]) => qnorm(p ?? Number.NaN),
  pnorm: ([x]) => pnorm(x ?? Number.NaN),
  pnorm_upper: ([x]) => pnorm(x ?? Number.NaN, false),
  pt: ([t, df]) => pt(t ?? Number.NaN, df ?? Number.NaN),
  qt: ([p, df]) => qt(p ?? Number.NaN, df ?? Number.NaN),
  pchisq: ([x, df]) => pchisq(x ?? Number.NaN, df ?? Number.NaN),
  pchisq_upper: ([x, df]) => pchisq(x ?? Number.NaN, df ?? Number.NaN, false),
  pf: ([x, a, b]) => pf(x ?? Number.NaN, a ?? Number.NaN, b ?? Number.NaN),
  pf_upper: ([x, a, b]) => pf(x ?? Number.NaN, a ?? Number.NaN, b ?? Number.NaN, false),
  pbeta: ([x, a, b]) => pbeta(x ?? Number.NaN, a ?? Number.NaN, b ?? Number.NaN),
  qbeta: ([p, a, b]) => qbeta(p ?? Number.NaN, a ?? Number.NaN, b ?? Number.NaN),
  lgamma: ([x]) => lgamma(x ?? Number.NaN),
};

test('distribution functions agree with R to 1e-12 relative (1e-10 for extreme shapes)', () => {
  const failures: string[] = [];
  for (const c of ref.cases) {
    const f = impl[c.fn];
    if (f === undefined) throw new Error(`no implementation for ${c.fn}`);
    const extreme = c.args.some((a) => a >= 1000);
    // lgamma is compared in absolute terms (it crosses zero at 1 and 2).
    const floor = c.fn === 'lgamma' ? 1 : 1e-300;
    try {
      assertClose(f(c.args), c.value, extreme ? 1e-10 : 1e-12, `${c.fn}(${c.args.join(', ')})`, floor);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  assert.deepEqual(failures, []);
});
