// The export log opens with a summary (what the gate did per variable, checks passed and failed), in disclosure-log.md
// and in the studio, where the full log — risk, every table, the long l-diversity table — is folded in a <details>.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { expectOk } from '../../src/core/result.ts';
import { disclosurePolicy, release, renderLog, type MicrodataLog } from '../../src/disclosure/index.ts';
import { logSummary } from '../../src/disclosure/log-summary.ts';
import { exportLogScreen } from '../../src/studio/data/data-screen.ts';
import { foldedLogHtml } from '../../src/studio/data/log-html.ts';
import { flagshipLike } from '../disclosure/flagship-like.ts';

const { dataset, recodes } = flagshipLike();
const released = expectOk(release({ kind: 'microdata', dataset, recodes, rng: xoshiro128ss(1) }, disclosurePolicy({ populationSize: 30000 })), 'release');
// Seventy sensitive variables' l-diversity, two of them failing: the table a researcher should not have to scroll first.
const lDiversity = Array.from({ length: 70 }, (_, i) => ({ variable: `q${String(i + 1).padStart(2, '0')}`, minimum: i < 2 ? 1 : 3, violations: i < 2 ? 4 + i : 0 }));
const log: MicrodataLog = { ...released.log, after: { ...released.log.after, lDiversity } };

test('the summary: per variable what was withheld, recoded and suppressed, and every check counted', () => {
  const s = logSummary(log);
  const of = (v: string): readonly string[] => s.variables.find((x) => x.variable === v)?.actions ?? [];
  assert.deepEqual(of('comment'), ['withheld (free text)']);
  assert.deepEqual(of('response_id'), ['withheld (system variable)']);
  const age = log.recoded.find((r) => r.variable === 'age');
  assert.ok(age);
  assert.equal(of('age')[0], `recoded with ${age.recode} (${String(age.categoriesBefore)} → ${String(age.categoriesAfter)} categories)`);
  const suppressed = log.suppressed.filter((x) => x.count > 0);
  assert.ok(suppressed.length > 0, 'the fixture suppresses something, or this tests nothing');
  for (const x of suppressed) assert.ok(of(x.variable).includes(`${String(x.count)} value${x.count === 1 ? '' : 's'} suppressed`), x.variable);
  assert.equal(s.checks.length, 71, 'k, then l for each of the 70 sensitive variables');
  assert.deepEqual(s.checks.filter((c) => !c.passed).map((c) => c.name), ['l-diversity of q01 (l = 2)', 'l-diversity of q02 (l = 2)']);
  assert.ok(s.checks[0]?.passed === true && s.checks[0].name === 'k-anonymity (k = 5)');
});

test('disclosure-log.md opens with the same summary, and keeps every table after it', () => {
  const md = renderLog(log);
  const lines = md.split('\n');
  assert.equal(lines[0], `# Disclosure log: ${log.study}`);
  const summary = lines.indexOf('## Summary');
  assert.ok(summary > 0 && summary <= 4, 'the summary comes right after the title (and the synthetic notice)');
  assert.ok(md.indexOf('Met: k-anonymity (k = 5), enforced') > summary);
  assert.ok(md.indexOf('Reported, not enforced: l-diversity of sensitive variables (l = 2): 68 of 70 met. In 2, ') > summary);
  assert.match(md, /- l-diversity of q02 \(l = 2\): smallest distinct l 1, 5 records below l\./);
  assert.ok(md.indexOf('## l-diversity of sensitive variables (after)') > md.indexOf('Checks:'), 'the full table stays, after the summary');
  assert.equal((md.match(/^\| q\d\d \| [13] \| \d+ \|$/gm) ?? []).length, 70);
});

test('the studio shows the summary open and folds the full log, its 70-row table included, in a <details> without script', () => {
  const html = foldedLogHtml(renderLog(log), 'The full log ({rows} rows)');
  const fold = html.indexOf('<details class="log">');
  assert.ok(fold > 0);
  assert.ok(html.indexOf('<h3>Summary</h3>') < fold);
  assert.ok(html.indexOf('<td>comment</td><td>withheld (free text)</td>') < fold, 'per-variable actions before the fold');
  assert.ok(html.indexOf('68 of 70 met.') < fold);
  assert.ok(html.indexOf('<td>q70</td>') > fold, 'the l-diversity table is inside the fold');
  assert.ok(html.indexOf('k achieved (smallest key frequency)') > fold, 'so is the risk table');
  assert.match(html, /<summary>The full log \(\d+ rows\)<\/summary>/);
  assert.doesNotMatch(html, /<script/);
  const screen = exportLogScreen({ workspace: '/nonexistent', csrfToken: 't', lang: 'ru' }, 'flag', ['sav'], renderLog(log), [], 'p1');
  assert.match(screen, /<summary>Полный журнал: риск до и после и все таблицы \(строк: \d+\)<\/summary>/);
});

test('a log without a summary (a protected table) is shown whole, as before', () => {
  const md = '# Disclosure log: t\n\n- Suppressed: 4 of 6 cells.\n';
  assert.doesNotMatch(foldedLogHtml(md, 'x'), /<details/);
});

test('many failed checks: the summary names ten and counts the rest', () => {
  const failing = Array.from({ length: 30 }, (_, i) => ({ variable: `s${String(i)}`, minimum: 1, violations: 2 }));
  const md = renderLog({ ...log, after: { ...log.after, lDiversity: failing } });
  const head = md.slice(0, md.indexOf('\n---\n'));
  assert.equal((head.match(/^- l-diversity of s\d+/gm) ?? []).length, 10);
  assert.match(head, /0 of 30 met\. In 30, some records[^]*- and 20 more \(the tables below list every one\)\./);
});
