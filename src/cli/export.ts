// `portas export DATA_DIR --format csv|sav|dta --out DIR`: reads a data package, passes it through the disclosure gate, writes it for other tools.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { EXPORT_FORMATS, exportDataset, renamedVariables, type ExportFormat } from '../export/export.ts';
import type { ReleasedDataset } from '../export/release.ts';
import { disclosurePolicy, release, renderLog } from '../disclosure/index.ts';
import type { DisclosurePolicy, RecodeStep } from '../disclosure/index.ts';
import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Instrument } from '../instrument/model.ts';
import { loadInstrumentFile } from './preview.ts';
import { declaredRecode, readStudyDisclosure } from './study-disclosure.ts';
import type { Command } from './command.ts';
import { languageProblem } from '../export/labels.ts';
import { treatmentsOf } from '../export/treatments.ts';
import { withRdsWeight } from './design-variables.ts';
import { universes } from '../export/universe.ts';
import { xoshiro128ss, type Rng } from '../core/rng.ts';
import { recodeKey, relevanceDependents, shuffleRows, type ReleaseMaster } from '../disclosure/index.ts';
import { datasetFingerprint, readMaster, readRegister, registerPath, writeMaster, writeRegister, type RegisteredRelease, type Register, type ReleaseLine } from './release-register.ts';

export interface ExportRequest {
  readonly dataset: Dataset;
  readonly recodes: readonly RecodeStep[];
  readonly policy: DisclosurePolicy;
  /** Each format into its own folder; all from the one released dataset, so every file holds the same suppressions. */
  readonly targets: readonly { readonly format: ExportFormat; readonly out: string }[];
  readonly language?: string;
  /**
   * The dataset's folder. Its release register (releases/register.json) and the line's protected master live there:
   * the first release makes the master, later ones derive from it. Without it the release stands alone (nothing registered).
   */
  readonly dataDir?: string;
  /** Start a new release line from the dataset itself instead of deriving from the master: a merge risk, said so. */
  readonly newLine?: boolean;
  /** Randomness for complementary suppression and row order; default: seeded from the CSPRNG (an attacker must not guess it). */
  readonly rng?: Rng;
  /** The network-size item: adds `rds2_weight`, the report's RDS-II weight, to every format (and the design to load.R). */
  readonly rdsDegree?: string;
  /** `csv`: data.csv with a UTF-8 byte-order mark, for Excel. */
  readonly excel?: boolean;
  /** The study's instrument, when known: the codebooks then say who was asked each item. */
  readonly instrument?: Instrument;
  /** Today, for the register (the day only); default: the clock. */
  readonly today?: Date;
}

export interface ExportDone {
  readonly files: readonly string[];
  readonly notes: readonly string[];
  /** The release line the files belong to (0 when nothing was registered). */
  readonly line: number;
  readonly derivedFromMaster: boolean;
}

const secureRng = (): Rng => {
  const seed = crypto.getRandomValues(new Uint32Array(4));
  return xoshiro128ss([seed[0] ?? 1, seed[1] ?? 0, seed[2] ?? 0, seed[3] ?? 0]);
};

const MERGE_RISK =
  'MERGE RISK: this release starts a new release line from the dataset itself. Its suppressions differ from those of earlier releases; ' +
  'anyone holding both can match records on their shared answers and recover values one of them suppressed. Do not let both reach the same people.';

/**
 * The one disclosure gate, then the files: nothing is written unless the dataset passes
 * (docs/disclosure.md). `disclosure-log.md` goes beside the files of each format. With `dataDir`, the release joins
 * the dataset's register: derived from the current line's master, or (first release, `newLine`) making one.
 */
export function releaseAndExport(request: ExportRequest): Result<ExportDone, readonly Diagnostic[]> {
  if (request.language !== undefined) {
    const wrong = languageProblem(request.language, request.dataset.languages);
    if (wrong !== undefined) return err([{ code: 'export.language', severity: 'error', message: `--language ${request.language}: ${wrong}`, subject: request.language }]);
  }
  const rng = request.rng ?? secureRng();
  const registered = request.dataDir === undefined ? undefined : openLine(request.dataDir, request.dataset, request.newLine === true);
  if (registered !== undefined && !registered.ok) return err(registered.error);
  const line = registered?.value;
  const master = line?.master;
  const dependents = request.instrument === undefined ? {} : { dependents: relevanceDependents(request.instrument, request.dataset) };
  const gate = release({ kind: 'microdata', dataset: request.dataset, recodes: request.recodes, rng, ...dependents, ...(master === undefined ? {} : { master }) }, request.policy);
  if (!gate.ok) return err(gate.error);
  let register = line?.register;
  let current = line?.current;
  if (request.dataDir !== undefined && register !== undefined && current === undefined) {
    // This release makes the line's master: rows in the dataset's order, every recode it applied.
    current = writeMaster(request.dataDir, register, gate.value.master, datasetFingerprint(request.dataset), request.recodes.filter((s) => gate.value.log.recoded.some((r) => r.variable === s.variable)), request.policy.k);
    register = { ...register, lines: [...register.lines, current] };
  }
  let releasedData = gate.value.released;
  if (request.rdsDegree !== undefined) {
    const weighted = withRdsWeight(request.dataset, releasedData, request.rdsDegree, rng);
    if (!weighted.ok) return err(weighted.error);
    releasedData = weighted.value;
  }
  const risky = line?.startsNewLine === true && (line.register.lines.length > 0);
  const log = renderLog(gate.value.log) + (risky ? `\n## Release line\n\n**${MERGE_RISK}**\n` : '');
  const written: string[] = [];
  const notes: string[] = risky ? [MERGE_RISK] : [];
  const entries: RegisteredRelease[] = [];
  const day = (request.today ?? new Date()).toISOString().slice(0, 10);
  // Recodes in force: the master's (a release of a line adds none) or this release's own; labels and codebooks say what each did.
  const applied = master?.recodes ?? request.recodes.filter((s) => gate.value.log.recoded.some((r) => r.variable === s.variable));
  const treatments = treatmentsOf(request.dataset, gate.value.released, applied);
  for (const { format, out } of request.targets) {
    const logFile = join(out, 'disclosure-log.md');
    // Each release gets its own row order, so that no two can be put side by side row by row.
    const shuffled = shuffleRows(releasedData, rng);
    const released: ReleasedDataset = { dataset: shuffled, gate: `disclosure control (k = ${String(request.policy.k)})`, notes: [`Disclosure log: ${logFile}.`], treatments, ...(request.instrument === undefined ? {} : { universes: universes(request.instrument, request.dataset.languages) }) };
    const files = exportDataset(released, format, { ...(request.language === undefined ? {} : { language: request.language }), createdAt: new Date(), deflate: (raw) => deflateSync(raw), excel: request.excel === true });
    mkdirSync(out, { recursive: true });
    for (const f of files) writeFileSync(join(out, f.name), f.bytes);
    writeFileSync(logFile, log);
    written.push(...files.map((f) => join(out, f.name)), logFile);
    notes.push(...released.notes, ...renamedVariables(released, format).map(([from, to]) => `variable '${from}' is named '${to}' in the .${format} file.`));
    const previous = (current?.releases.length ?? 0) + entries.length;
    entries.push({
      release: previous + 1,
      date: day,
      format,
      out,
      variables: shuffled.variables.map((v) => v.name),
      rows: shuffled.n,
      k: request.policy.k,
      recodes: [...gate.value.log.inheritedRecodes, ...request.recodes.map(recodeKey)],
      suppressed: gate.value.log.suppressedTotal,
      derivedFromMaster: master !== undefined || previous > 0,
    });
  }
  if (request.dataDir !== undefined && register !== undefined && current !== undefined) {
    const updated = { ...current, releases: [...current.releases, ...entries] };
    writeRegister(request.dataDir, { ...register, lines: register.lines.map((l) => (l.line === updated.line ? updated : l)) });
    notes.push(`release line ${String(updated.line)}${master === undefined ? ' (its master was made by this release)' : ' (derived from its master)'}: ${registerPath(request.dataDir)}.`);
  }
  return ok({ files: written, notes, line: current?.line ?? 0, derivedFromMaster: master !== undefined });
}

interface OpenLine {
  readonly register: Register;
  /** The line this release belongs to; undefined when this release starts one. */
  readonly current: ReleaseLine | undefined;
  readonly master: ReleaseMaster | undefined;
  readonly startsNewLine: boolean;
}

/** The register and, unless a new line is asked for (or none exists), the current line's master. */
function openLine(dataDir: string, dataset: Dataset, newLine: boolean): Result<OpenLine, readonly Diagnostic[]> {
  const read = readRegister(dataDir, dataset.study);
  if (!read.ok) return err([read.error]);
  const register = read.value;
  const last = register.lines[register.lines.length - 1];
  if (last === undefined || newLine) return ok({ register, current: undefined, master: undefined, startsNewLine: true });
  if (last.dataset !== datasetFingerprint(dataset)) {
    return err([
      {
        code: 'export.register',
        severity: 'error',
        message: `the dataset changed since release line ${String(last.line)}'s master was made (${registerPath(dataDir)})`,
        hint: 'a changed dataset needs a new protected master: add --new-release-line, and mind the merge risk with earlier releases',
      },
    ]);
  }
  const master = readMaster(dataDir, last);
  if (!master.ok) return err(master.error);
  return ok({ register, current: last, master: master.value, startsNewLine: false });
}

const USAGE = 'export DATA_DIR --format csv|sav|zsav|dta|xlsx --out DIR [--study STUDY_DIR (applies its disclosure.yaml)] [--recode VAR=RECODE…] [--k N] [--include-text] [--keep-system] [--language CODE] [--new-release-line (a merge risk: see docs/disclosure.md)] [--excel (csv: UTF-8 BOM for Excel)] [--rds-degree ITEM (adds the RDS-II weight)]';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export const exportCommand: Command = {
  name: 'export',
  usage: USAGE,
  summary: 'export a dataset as CSV + codebook (data package), SPSS .sav/.zsav, Stata .dta or an Excel .xlsx',
  run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(`usage: portas ${USAGE}\nFormats, labels and syntax files: docs/exports.md; disclosure control and release lines: docs/disclosure.md.`);
      return Promise.resolve(0);
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          out: { type: 'string' },
          'include-text': { type: 'boolean', default: false },
          'keep-system': { type: 'boolean', default: false },
          study: { type: 'string' },
          recode: { type: 'string', multiple: true, default: [] },
          k: { type: 'string' },
          language: { type: 'string' },
          'new-release-line': { type: 'boolean', default: false },
          excel: { type: 'boolean', default: false },
          'rds-degree': { type: 'string' },
        },
      });
    } catch (e) {
      console.error(`portas export: ${e instanceof Error ? e.message : String(e)}\nusage: portas ${USAGE}`);
      return Promise.resolve(2);
    }
    const { values, positionals } = parsed;
    const [dir] = positionals;
    const format = values.format;
    if (dir === undefined || positionals.length > 1 || values.out === undefined || !EXPORT_FORMATS.includes(format as ExportFormat)) {
      console.error(`usage: portas ${USAGE}`);
      return Promise.resolve(2);
    }
    const datapackageJson = readText(join(dir, DATAPACKAGE_JSON));
    const dataCsv = readText(join(dir, DATA_CSV));
    if (datapackageJson === undefined || dataCsv === undefined) {
      console.error(`portas export: ${dir} has no readable ${datapackageJson === undefined ? DATAPACKAGE_JSON : DATA_CSV}; a data directory holds ${DATAPACKAGE_JSON} and ${DATA_CSV}.`);
      return Promise.resolve(1);
    }
    const read = readDataPackage({ datapackageJson, dataCsv });
    if (!read.ok) {
      for (const d of read.error) console.error(formatDiagnostic({ ...d, ...(d.position ? { position: { ...d.position, file: join(dir, d.position.file) } } : {}) }));
      return Promise.resolve(1);
    }
    // With --study, the study's own disclosure settings (disclosure.yaml) apply; --recode and --k add to them.
    const instrument = values.study === undefined ? undefined : loadInstrumentFile(join(values.study, 'instrument.yaml'));
    if (values.study !== undefined && instrument === undefined) {
      console.error(`portas export: ${values.study}: the instrument has errors`);
      return Promise.resolve(2);
    }
    const studySettings = values.study === undefined || instrument === undefined ? { policy: disclosurePolicy(), recodes: [] } : readStudyDisclosure(values.study, instrument);
    if (Array.isArray(studySettings)) {
      for (const p of studySettings) console.error(`portas export: ${p}`);
      return Promise.resolve(2);
    }
    const recodes = recodeSteps(instrument, values.recode);
    if (typeof recodes === 'string') {
      console.error(`portas export: ${recodes}`);
      return Promise.resolve(2);
    }
    const k = values.k === undefined ? studySettings.policy.k : Number(values.k);
    if (!Number.isInteger(k) || k < 2) {
      console.error('portas export: --k must be a whole number of at least 2');
      return Promise.resolve(2);
    }
    const chosen = new Set(recodes.map((r) => r.variable));
    const allRecodes = [...studySettings.recodes.filter((r) => !chosen.has(r.variable)), ...recodes];
    const policy = disclosurePolicy({ ...studySettings.policy, k, releaseFreeText: values['include-text'], keepSystemVariables: values['keep-system'] ? ['response_id', 'period', 'recruiter'] : [] });
    const done = releaseAndExport({ dataset: read.value, recodes: allRecodes, policy, targets: [{ format: format as ExportFormat, out: values.out }], dataDir: dir, newLine: values['new-release-line'], excel: values.excel, ...(values['rds-degree'] === undefined ? {} : { rdsDegree: values['rds-degree'] }), ...(instrument === undefined ? {} : { instrument }), ...(values.language === undefined ? {} : { language: values.language }) });
    if (!done.ok) {
      for (const d of done.error) console.error(formatDiagnostic(d));
      console.error('portas export: refused by disclosure control; nothing was written.');
      return Promise.resolve(1);
    }
    for (const note of done.value.notes) console.error(`note: ${note}`);
    if (read.value.synthetic) console.error('note: SYNTHETIC data (a generated replica, not real responses).');
    console.log(done.value.files.join('\n'));
    return Promise.resolve(0);
  },
};

/** `--recode age=age_band`: one of the recodes the instrument declares on that item. */
function recodeSteps(instrument: Instrument | undefined, specs: readonly string[]): RecodeStep[] | string {
  if (specs.length === 0) return [];
  if (instrument === undefined) return '--recode needs --study STUDY_DIR (the recodes are declared in its instrument)';
  const steps: RecodeStep[] = [];
  for (const spec of specs) {
    const [variable = '', name = ''] = spec.split('=');
    const step = declaredRecode(instrument, variable, name);
    if (step === undefined) return `--recode ${spec}: the instrument declares no recode '${name}' on item '${variable}'`;
    steps.push(step);
  }
  return steps;
}
