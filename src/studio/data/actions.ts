// What the Data screens do, through the Study API: pull, open, export through the gate, make the report.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../analysis/dataset.ts';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { xoshiro128ss } from '../../core/rng.ts';
import type { DisclosurePolicy, RecodeStep } from '../../disclosure/index.ts';
import type { ExportFormat } from '../../export/export.ts';
import type { Instrument } from '../../instrument/model.ts';
import { readStudyDisclosure } from '../../study/disclosure-file.ts';
import { loadDataset } from '../../study/load-dataset.ts';
import { apiGet } from '../../study/monitor-client.ts';
import { openPulled } from '../../study/open-pulled.ts';
import { pull } from '../../study/pull.ts';
import { releaseAndExport, type ExportDone } from '../../study/release.ts';
import { DEFAULT_REPLICATES, printReports, writeReport } from '../../study/report.ts';
import { saveReportWarnings } from './report-warnings.ts';
import { parseSocksProxy } from '../../study/socks5.ts';
import { readStudy } from '../studies/study-file.ts';
import { datasetDir, exportsDir, getServerConnection, keyFile, pulledDir, readServerToken, reportDir, studyDir } from '../workspace.ts';
import type { Job } from './jobs.ts';

/** Pulls into the workspace, telling the job how far it got (the server's total from its counts). */
export async function pullInto(ws: string, id: string, job: Job): Promise<string> {
  const c = getServerConnection(ws, id);
  if (c === undefined) throw new Error('no server connection: set it under Fieldwork or Monitor');
  const token = readServerToken(c);
  if (token === undefined) throw new Error('the saved researcher token is gone: paste it again under Monitor');
  const socks = c.socksProxy === undefined ? undefined : parseSocksProxy(c.socksProxy);
  const conn = { url: c.url, study: id, token, ...(socks === undefined ? {} : { socks }) };
  const counts = (await apiGet(conn, '/counts')) as { responsesTotal?: unknown };
  if (typeof counts.responsesTotal === 'number') job.total = counts.responsesTotal;
  const r = await pull({ server: c.url, study: id, token, out: pulledDir(ws, id), ...(socks === undefined ? {} : { socks }), progress: (n) => (job.done = n) });
  return `${String(r.total)} sealed responses on this computer (${String(r.fetched)} new).`;
}

const isSynthetic = (ws: string, id: string): boolean => {
  const file = join(studyDir(ws, id), 'study.yaml');
  return existsSync(file) && /^synthetic:\s*true\s*$/m.test(readFileSync(file, 'utf8'));
};

/** Opens with the typed passphrase; the key is unlocked and checked against study.pub before anything is written. */
export async function openInto(ws: string, id: string, passphrase: string, job: Job): Promise<string> {
  const summary = await openPulled({
    pulled: pulledDir(ws, id),
    studyDir: studyDir(ws, id),
    keyFile: keyFile(ws, id),
    passphrase,
    out: datasetDir(ws, id),
    synthetic: isSynthetic(ws, id),
    progress: (done, total, damaged) => {
      job.done = done;
      job.total = total;
      job.damaged = damaged;
    },
  });
  if (typeof summary === 'string') throw new Error(summary);
  const problems = [
    summary.failed.length > 0 ? `${String(summary.failed.length)} could not be opened (${summary.failed.slice(0, 3).map((f) => f.why).join('; ')})` : '',
    summary.missing.length > 0 ? `${String(summary.missing.length)} listed by the pull are missing (pull again)` : '',
  ].filter((x) => x !== '');
  return `${String(summary.opened)} responses opened into the dataset${problems.length === 0 ? '.' : `; ${problems.join('; ')}.`}`;
}

export async function datasetOf(ws: string, id: string): Promise<Dataset | string> {
  const loaded = await loadDataset(datasetDir(ws, id));
  return loaded.ok ? loaded.value : loaded.error.map((d) => formatDiagnostic(d)).join('\n');
}

/** The study's disclosure policy and recodes (defaults when it has no disclosure.yaml). */
export function studyPolicy(ws: string, id: string): { readonly instrument?: Instrument; readonly policy: DisclosurePolicy; readonly recodes: readonly RecodeStep[] } | string {
  const instrument = readStudy(ws, id)?.instrument;
  if (instrument === undefined) return 'the questionnaire has errors (see Questionnaire)';
  const d = readStudyDisclosure(studyDir(ws, id), instrument);
  if (Array.isArray(d)) return d.join('\n');
  return { instrument, policy: d.policy, recodes: d.recodes };
}

/** The gate, dry (`write` false: the log only) or for real; the same seed gives the same suppressions both times. */
export async function exportThroughGate(ws: string, id: string, formats: readonly ExportFormat[], seed: readonly [number, number, number, number], write: boolean): Promise<ExportDone | string> {
  const ds = await datasetOf(ws, id);
  if (typeof ds === 'string') return ds;
  const p = studyPolicy(ws, id);
  if (typeof p === 'string') return p;
  const done = releaseAndExport({
    dataset: ds,
    recodes: p.recodes,
    policy: p.policy,
    targets: formats.map((format) => ({ format, out: join(exportsDir(ws, id), format) })),
    dataDir: datasetDir(ws, id),
    rng: xoshiro128ss([...seed]),
    dryRun: !write,
    ...(p.instrument === undefined ? {} : { instrument: p.instrument }),
  });
  return done.ok ? done.value : done.error.map((d) => formatDiagnostic(d)).join('\n');
}

/** Computes the report in every language and prints the PDFs when Chromium is there. */
export async function makeReport(ws: string, id: string, job: Job): Promise<string> {
  const ds = await datasetOf(ws, id);
  if (typeof ds === 'string') throw new Error(ds);
  job.total = 2;
  const written = await writeReport({ studyDir: studyDir(ws, id), dataset: ds, out: reportDir(ws, id), seed: 1, replicates: DEFAULT_REPLICATES });
  if (!written.ok) throw new Error(written.error.map((d) => formatDiagnostic(d)).join('\n'));
  saveReportWarnings(ws, id, written.value.warnings);
  job.done = 1;
  const printed = await printReports(written.value.html);
  if (!printed.ok) throw new Error(printed.error.map((d) => formatDiagnostic(d)).join('\n'));
  job.done = 2;
  const hidden = written.value.warnings.length === 0 ? '' : ` ${String(written.value.warnings.length)} warning(s): some numbers are hidden to protect respondents and shown as such; the Report tab lists them with the line of report.yaml each comes from.`;
  return `The report is ready in ${String(written.value.html.length)} language(s)${printed.value.skipped === undefined ? ', with PDFs' : ` (${printed.value.skipped})`}.${hidden}`;
}
