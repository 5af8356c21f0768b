// `portas export DATA_DIR --format csv|sav|dta --out DIR`: reads a data package, passes it through the disclosure gate, writes it for other tools.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../export/export.ts';
import { disclosurePolicy } from '../disclosure/index.ts';
import type { RecodeStep } from '../disclosure/index.ts';
import type { Instrument } from '../instrument/model.ts';
import { loadInstrumentFile } from './preview.ts';
import { declaredRecode, readStudyDisclosure } from './study-disclosure.ts';
import type { Command } from './command.ts';
import { releaseAndExport } from '../study/release-export.ts';

export { releaseAndExport, type ExportDone, type ExportRequest } from '../study/release-export.ts';

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
