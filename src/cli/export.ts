// `portas export DATA_DIR --format csv|sav|zsav|dta|xlsx --out DIR`: the arguments; the release itself (gate, release line, design variables, files) is src/study/release.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import { parseEstimateSpec } from '../analysis/estimate-spec.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../export/export.ts';
import { disclosurePolicy } from '../disclosure/index.ts';
import type { RecodeStep } from '../disclosure/index.ts';
import type { Instrument } from '../instrument/model.ts';
import { releaseAndExport } from '../study/release.ts';
import type { DesignRequest, RakeRequest } from '../study/release-design.ts';
import { loadInstrumentFile } from './preview.ts';
import { declaredRecode, readStudyDisclosure } from '../study/disclosure-file.ts';
import type { Command } from './command.ts';

const USAGE = 'export DATA_DIR --format csv|sav|zsav|dta|xlsx --out DIR [--study STUDY_DIR (applies its disclosure.yaml)] [--recode VAR=RECODE…] [--k N] [--include-text] [--keep-system] [--language CODE] [--new-release-line (a merge risk: see docs/disclosure.md)] [--excel (csv: UTF-8 BOM for Excel)] [--rds-degree ITEM (adds the RDS-II weight) [--ss-population N] [--rake SPEC.json (its calibration margins)] [--chains (chain and wave, as the gate allows)] [--replicates R] [--release-tree (a tree risk)]]';

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
          'ss-population': { type: 'string' },
          rake: { type: 'string' },
          chains: { type: 'boolean', default: false },
          replicates: { type: 'string' },
          'release-tree': { type: 'boolean', default: false },
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
    const design = designOptions(values);
    if (typeof design === 'string') {
      console.error(`portas export: ${design}`);
      return Promise.resolve(2);
    }
    const done = releaseAndExport({ dataset: read.value, recodes: allRecodes, policy, targets: [{ format: format as ExportFormat, out: values.out }], dataDir: dir, newLine: values['new-release-line'], excel: values.excel, ...(values['rds-degree'] === undefined ? {} : { rdsDegree: values['rds-degree'] }), ...(design === undefined ? {} : { design }), ...(instrument === undefined ? {} : { instrument }), ...(values.language === undefined ? {} : { language: values.language }) });
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

interface DesignFlags {
  readonly 'ss-population'?: string | undefined;
  readonly rake?: string | undefined;
  readonly chains?: boolean | undefined;
  readonly replicates?: string | undefined;
  readonly 'release-tree'?: boolean | undefined;
}

/** The design variables asked for beyond the RDS-II weight, or what is wrong with the flags. */
function designOptions(values: DesignFlags): Omit<DesignRequest, 'degreeItem'> | undefined | string {
  const population = values['ss-population'] === undefined ? undefined : Number(values['ss-population']);
  if (population !== undefined && !(Number.isFinite(population) && population > 0)) return '--ss-population must be a positive number (the population size N)';
  const replicates = values.replicates === undefined ? undefined : Number(values.replicates);
  if (replicates !== undefined && !(Number.isInteger(replicates) && replicates >= 2 && replicates <= 10_000)) return '--replicates must be a whole number from 2 to 10000';
  let rake: RakeRequest | undefined;
  if (values.rake !== undefined) {
    const text = readText(values.rake);
    if (text === undefined) return `--rake ${values.rake}: not readable`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return `--rake ${values.rake}: not JSON (${e instanceof Error ? e.message : String(e)})`;
    }
    const spec = parseEstimateSpec(json, values.rake);
    if (!spec.ok) return spec.error.map((d) => d.message).join('; ');
    const cal = spec.value.calibration;
    if (cal?.method !== 'rake') return `--rake ${values.rake}: the spec declares no raking (calibration.method: rake)`;
    rake = { margins: cal.margins, ...(cal.epsilon === undefined ? {} : { epsilon: cal.epsilon }), ...(cal.maxit === undefined ? {} : { maxit: cal.maxit }) };
  }
  const request: Omit<DesignRequest, 'degreeItem'> = {
    ...(population === undefined ? {} : { ssPopulation: population }),
    ...(rake === undefined ? {} : { rake }),
    ...(values.chains === true ? { structure: true } : {}),
    ...(replicates === undefined ? {} : { replicates }),
    ...(values['release-tree'] === true ? { releaseTree: true } : {}),
  };
  return Object.keys(request).length === 0 ? undefined : request;
}
