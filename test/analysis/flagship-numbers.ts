// Every number the flagship produces from its replica: report.json (1,000 tree-bootstrap replicates, the
// main job's seed), the released dataset's columns, and the bytes of each export (at a fixed date).
// `npx tsx test/analysis/flagship-numbers.ts > FILE` writes them; test/analysis/flagship-numbers.test.ts
// compares today's with those in the fixture: the code before #20 (94e99cb) gave the same numbers; the fixture was
// written again when #15 (suppressed kind, complementary suppression, shuffled rows) and #19 changed them on purpose.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { release } from '../../src/disclosure/index.ts';
import { exportDataset } from '../../src/export/export.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { computeReport } from '../../src/report/compute.ts';
import { reportJson } from '../../src/report/report-json.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { parseBenchmarks } from '../../src/sampling/popsize/multiplier.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const DIR = 'studies/russians-in-serbia';
const SEED = 20240401;

export interface FlagshipNumbers {
  /** Every numeric leaf of report.json, by its path. */
  readonly report: Record<string, number | null>;
  /** SHA-256 of each released column's values (and missing codes). */
  readonly released: Record<string, string>;
  /** SHA-256 of each export file. */
  readonly exports: Record<string, string>;
}

function numericLeaves(x: unknown, path: string, out: Record<string, number | null>): void {
  if (typeof x === 'number') out[path] = x;
  else if (Array.isArray(x)) x.forEach((v, i) => { numericLeaves(v, `${path}[${String(i)}]`, out); });
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) numericLeaves(v, path === '' ? k : `${path}.${k}`, out);
}

const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function flagshipNumbers(): FlagshipNumbers {
  const instrument = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`).instrument;
  if (instrument === undefined) throw new Error('the flagship instrument does not load');
  const { responses, meta } = generateReplica(instrument, SEED);
  const data = datasetFromResponses(instrument, responses, { meta, synthetic: true });
  const spec = loadReportSpec(readFileSync(`${DIR}/report.yaml`, 'utf8'), `${DIR}/report.yaml`, instrument);
  if (!spec.ok) throw new Error(spec.error.map(formatDiagnostic).join('\n'));
  const benchmarks = parseBenchmarks(JSON.parse(readFileSync(`${DIR}/population-benchmarks.json`, 'utf8')));
  if (!benchmarks.ok) throw new Error('the benchmarks do not parse');
  const disclosure = readStudyDisclosure(DIR, instrument);
  if (Array.isArray(disclosure)) throw new Error(disclosure.join('\n'));
  const model = computeReport(spec.value, data, { rng: xoshiro128ss(SEED), policy: disclosure.policy, replicates: 1000, benchmarks: benchmarks.value });
  if (!model.ok) throw new Error(model.error.map(formatDiagnostic).join('\n'));
  const report: Record<string, number | null> = {};
  numericLeaves(JSON.parse(JSON.stringify(reportJson(model.value))), '', report);

  const gate = release({ kind: 'microdata', dataset: data, recodes: disclosure.recodes, rng: xoshiro128ss(SEED) }, disclosure.policy);
  if (!gate.ok) throw new Error(gate.error.map(formatDiagnostic).join('\n'));
  const released: Record<string, string> = {};
  for (const v of gate.value.released.variables) {
    const values = v.type === 'text' ? JSON.stringify(v.values) : Buffer.from(v.values.buffer, v.values.byteOffset, v.values.byteLength);
    released[v.name] = `${sha(values)} ${sha(v.missing)}`;
  }
  const exports: Record<string, string> = {};
  const createdAt = new Date(Date.UTC(2024, 6, 1, 12, 0, 0));
  for (const format of ['csv', 'sav', 'zsav', 'dta'] as const) {
    const files = exportDataset({ dataset: gate.value.released, gate: 'disclosure control', notes: [] }, format, { createdAt, deflate: (raw) => deflateSync(raw) });
    for (const f of files) exports[`${format}/${f.name}`] = sha(f.bytes);
  }
  return { report, released, exports };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) process.stdout.write(`${JSON.stringify(flagshipNumbers(), null, 1)}\n`);
