// `portas flagship`: the main job on the embedded default. The flagship study end to end — key, server on
// SQLite, 222 synthetic respondents through the HTTP path, pull, open, release, report — then served.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { previewText } from '../collect/preview-text.ts';
import { formatDiagnostic, hasErrors } from '../core/diagnostic.ts';
import { randomBytes } from '../crypto/index.ts';
import type { Instrument } from '../instrument/model.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../store/hash.ts';
import { generateReplica, REPLICA_SIZE } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import type { Command } from './command.ts';
import { releaseAndExport } from '../study/release.ts';
import { copyFlagship, FLAGSHIP_DIR } from '../study/create.ts';
import { makeStudyKey } from '../study/keys.ts';
import { loadStudy } from '../study/load.ts';
import { DEFAULT_REPLICATES, printReports, writeReport } from '../study/report.ts';
import { setStudySettings } from '../study/settings.ts';
import { loadDataset } from '../study/load-dataset.ts';
import { openPulled } from '../study/open-pulled.ts';
import { progress } from './progress.ts';
import { pull } from '../study/pull.ts';
import { serveUntilStopped, startServer, type RunningServer } from './serve.ts';
import { runSyntheticRespondents } from '../study/synthetic-respondents.ts';
import { flagshipWorkspace } from './flagship-studio.ts';
import { launchStudio } from './studio.ts';


/** Demo passphrase for the throwaway key of this local run; a real study's key is made with `portas keygen`. */
const DEMO_PASSPHRASE = 'flagship demo only — never for fieldwork';
/** The replica's seed: the same 222 fake respondents on every run. */
export const REPLICA_SEED = 20240401;

/**
 * How long each replica respondent takes, in minutes: 20 % 3, 40 % 7, 25 % 12, 10 % 17, 4 % 25, 1 % 40 —
 * 9.5 on average, the seed study's "just under 10 minutes". Spread over respondents by a fixed stride.
 */
export function replicaMinutes(respondent: number): number {
  const slot = (respondent * 37) % 100;
  return slot < 20 ? 3 : slot < 60 ? 7 : slot < 85 ? 12 : slot < 95 ? 17 : slot < 99 ? 25 : 40;
}
/** Seed coupons left over for the reader, to take the survey themselves. */
const READER_COUPONS = 3;
const STAGES = 9;

export const flagshipCommand: Command = {
  name: 'flagship',
  usage: 'flagship [--out DIR] [--port N] [--no-serve] [--no-open]',
  summary: 'run the flagship study (Russians in Serbia, 2024) end to end on SQLite with its synthetic replica, write its report, serve it, and open the studio on it',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { out: { type: 'string', default: 'out/flagship' }, port: { type: 'string', default: '8080' }, 'no-serve': { type: 'boolean', default: false }, 'no-open': { type: 'boolean', default: false } } });
    const out = values.out;
    let reportFiles: string[] = [];
    // Stage durations go to out/timings.json for `npm run bench -- report` (a local run: nothing here is about a respondent).
    const say = progress(STAGES);
    const fail = (why: string): number => {
      console.error(`portas flagship: ${why}`);
      return 1;
    };

    say.stage(`checking ${relative(process.cwd(), FLAGSHIP_DIR)}`, 'check');
    const flagship = await loadStudy(FLAGSHIP_DIR);
    for (const d of flagship.diagnostics) console.error(formatDiagnostic(d));
    if (flagship.study === undefined || hasErrors(flagship.diagnostics)) return 1;
    const { instrument, disclosure } = flagship.study;
    rmSync(out, { recursive: true, force: true });
    const studyDir = join(out, 'study');
    mkdirSync(join(out, 'keys'), { recursive: true, mode: 0o700 });
    const copied = await copyFlagship(studyDir);
    if (copied.study === undefined) return fail(copied.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    // The replica's answers are fake; the pages say so, and so does everything made from them.
    const marked = setStudySettings(studyDir, { synthetic: 'true' });
    if (!marked.written) return fail(marked.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    for (const lang of instrument.languages) writeFileSync(join(out, `questionnaire.${lang}.txt`), `${previewText(instrument, lang)}\n`);
    say.note(`ok: ${String(instrument.sections.length)} pages in ${instrument.languages.join(', ')}; text previews in ${join(out, 'questionnaire.*.txt')}`);

    say.stage('making a throwaway post-quantum study key (demo passphrase; a real study runs portas keygen)', 'key');
    const keyFile = join(out, 'keys', 'flagship.key');
    const key = await makeStudyKey({ studyDir, passphrase: DEMO_PASSPHRASE, today: new Date().toISOString().slice(0, 10), keyFile });
    if (!key.ok) return fail(key.error.map((d) => formatDiagnostic(d)).join('\n'));

    say.stage(`starting the server on SQLite (${join(out, 'portas.sqlite')})`, 'server');
    // The server's clock runs ahead while replica respondents "take their time" (see replicaMinutes), then goes on from there.
    let ahead = 0;
    const running = await startServer({ studyDirs: [studyDir], store: `sqlite:${join(out, 'portas.sqlite')}`, host: '127.0.0.1', port: Number(values.port), stateDir: join(out, 'state'), quiet: true, now: () => new Date(Date.now() + ahead) });
    if (Array.isArray(running)) return fail(running.join('\n'));
    try {
      const replica = generateReplica(instrument, REPLICA_SEED);
      const seedCount = replica.meta.filter((m) => m.recruiter === '').length;
      const seeds = Array.from({ length: seedCount + READER_COUPONS }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
      const issued = await running.store.issueSeedCoupons(instrument.study, seeds.map((c) => hashCouponCode(c)));
      if (!issued.ok) return fail('could not issue seed coupons');
      const token = Buffer.from(randomBytes(32)).toString('base64url');
      const added = await running.store.addToken(instrument.study, hashToken(token), 'flagship main job');
      if (!added.ok) return fail('could not create the researcher token');
      say.note(`served at ${running.url}/s/${instrument.study}`);

      say.stage(`${String(REPLICA_SIZE)} synthetic respondents take the survey over HTTP, recruiting each other with coupons`, 'respondents');
      const index = new Map(replica.meta.map((m, i) => [m.responseId, i]));
      await runSyntheticRespondents({
        baseUrl: running.url,
        instrument,
        respondents: replica.responses.map((response, i) => ({ response, recruiter: index.get(replica.meta[i]?.recruiter ?? '') ?? -1 })),
        seedCoupons: seeds.slice(0, seedCount).map((c) => formatCoupon(c)),
        clock: { advance: (ms) => (ahead += ms), minutes: replicaMinutes },
        progress: (done, total) => {
          say.tick(done, total);
        },
      });

      say.stage('pulling the sealed responses over the researcher API', 'pull');
      const pulled = join(out, 'pulled');
      const got = await pull({ server: running.url, study: instrument.study, token, out: pulled });
      say.note(`${String(got.total)} sealed responses in ${pulled}`);

      say.stage('opening them on this machine (all cores)', 'open');
      const opened = await openPulled({ pulled, studyDir, keyFile, passphrase: DEMO_PASSPHRASE, out: join(out, 'dataset'), synthetic: true, progress: (done, total) => { say.tick(done, total); } });
      if (typeof opened === 'string') return fail(opened);
      if (opened.failed.length > 0) return fail(`${String(opened.failed.length)} responses did not open: ${opened.failed.map((f) => `${f.id}: ${f.why}`).join('; ')}`);
      if (opened.missing.length > 0) return fail(`${String(opened.missing.length)} sealed files listed in the pull are missing: ${opened.missing.join(', ')}`);
      say.note(`${String(opened.opened)} responses in ${opened.out} (a data package: docs/exports.md)`);
      const dataset = await loadDataset(opened.out);
      if (!dataset.ok) return fail(dataset.error.map((d) => formatDiagnostic(d)).join('\n'));

      say.stage(`analysing (${String(DEFAULT_REPLICATES)} tree-bootstrap replicates) and writing the report`, 'report');
      const report = await writeReport({ studyDir: FLAGSHIP_DIR, dataset: dataset.value, out: join(out, 'report'), seed: REPLICA_SEED, replicates: DEFAULT_REPLICATES });
      if (!report.ok) return fail(report.error.map((d) => formatDiagnostic(d)).join('\n'));
      say.note(`every number of the report, keyed by figure and category: ${report.value.json}`);

      say.stage('printing the report to PDF (headless Chromium, network blocked)', 'pdf');
      const printed = await printReports(report.value.html);
      if (!printed.ok) return fail(printed.error.map((d) => formatDiagnostic(d)).join('\n'));
      if (printed.value.skipped !== undefined) say.note(printed.value.skipped);
      reportFiles = [...report.value.html, ...printed.value.pdf];

      say.stage(`exporting through disclosure control (k = ${String(disclosure.policy.k)})`, 'exports');
      const exported = releaseAndExport({ dataset: dataset.value, instrument, rdsDegree: 'net_size', recodes: disclosure.recodes, policy: disclosure.policy, targets: (['csv', 'sav', 'dta'] as const).map((format) => ({ format, out: join(out, 'exports', format) })) });
      if (!exported.ok) return fail(`disclosure control refused the exports:\n${exported.error.map((d) => formatDiagnostic(d)).join('\n')}`);
      say.note(`CSV + codebook, SPSS .sav and Stata .dta in ${join(out, 'exports')}; what disclosure control did: exports/*/disclosure-log.md`);

      writeFileSync(join(out, 'timings.json'), `${JSON.stringify({ stages: say.timings(), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 1)}\n`);
      const workspace = flagshipWorkspace({ out, flagshipDir: FLAGSHIP_DIR, study: instrument.study, serverUrl: running.url, token });
      return await finish(running, instrument, seeds.slice(seedCount).map((c) => formatCoupon(c)), keyFile, reportFiles, workspace, { noServe: values['no-serve'], open: !values['no-open'] });
    } finally {
      if (values['no-serve']) await running.close();
    }
  },
};

async function finish(running: RunningServer, instrument: Instrument, readerCoupons: readonly string[], keyFile: string, reportFiles: readonly string[], workspace: string, how: { readonly noServe: boolean; readonly open: boolean }): Promise<number> {
  console.log('');
  console.log(`the report (SYNTHETIC DATA): ${reportFiles.join(', ')}`);
  console.log(`the survey is served at ${running.url}/s/${instrument.study} — seed coupons for you: ${readerCoupons.join(', ')}`);
  console.log(`private key: ${keyFile} (passphrase: "${DEMO_PASSPHRASE}")`);
  if (how.noServe) {
    console.log(`the studio on the flagship: portas studio --workspace ${workspace}`);
    return 0;
  }
  // The main job ends in the studio: the flagship's questionnaire, key, monitor, dataset and report, in a browser.
  const studio = await launchStudio({ workspace, open: how.open });
  console.log('take the survey in a browser (JavaScript may be off); Ctrl-C stops the server and the studio.');
  try {
    await serveUntilStopped(running);
  } finally {
    await studio.close();
  }
  return 0;
}
