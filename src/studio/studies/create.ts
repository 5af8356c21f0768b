// Making a study folder in the workspace: from an XLSForm, from YAML, or as a copy of the flagship.

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { loadInstrumentYaml } from '../../instrument/load-yaml.ts';
import { importXlsform } from '../../instrument/xlsform/import.ts';
import type { Workbook } from '../../instrument/xlsform/workbook.ts';
import { FLAGSHIP_DIR, readWorkbookBytes } from '../../study/index.ts';
import { defaultReportYaml } from '../../study/report-default.ts';
import { dataDir, isStudyId, studyDir } from '../workspace.ts';

/** The flagship study's folder in this installation (the demo every newcomer can copy). */
export const FLAGSHIP_SOURCE = FLAGSHIP_DIR;
/** What a study folder may carry besides the instrument (never a key). */
const STUDY_EXTRAS = ['disclosure.yaml', 'report.yaml', 'population-benchmarks.json'] as const;

export type Created = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly problems: readonly Diagnostic[]; readonly message?: string };

const refused = (message: string): Created => ({ ok: false, problems: [], message });

/** Checks the YAML and writes it as a new study; nothing is written while it has errors. */
export function createFromYaml(ws: string, yaml: string, importNotes: readonly Diagnostic[] = []): Created {
  const loaded = loadInstrumentYaml(yaml, 'instrument.yaml');
  if (loaded.instrument === undefined) return { ok: false, problems: [...importNotes, ...loaded.diagnostics] };
  const id = loaded.instrument.study;
  if (!isStudyId(id)) return refused(`The study id '${id}' cannot be a folder name: use lowercase letters, digits and '-'.`);
  if (existsSync(studyDir(ws, id))) return refused(`There is already a study '${id}' in this workspace: change 'study:' in the questionnaire, or open the existing one.`);
  mkdirSync(studyDir(ws, id), { recursive: true });
  writeFileSync(join(studyDir(ws, id), 'instrument.yaml'), yaml);
  // A new study reports out of the box: a figure for every question (the flagship's copy brings its own after).
  writeFileSync(join(studyDir(ws, id), 'report.yaml'), defaultReportYaml(loaded.instrument));
  const notes = [...importNotes, ...loaded.diagnostics];
  if (notes.length > 0) {
    mkdirSync(dataDir(ws, id), { recursive: true });
    writeFileSync(join(dataDir(ws, id), 'import-notes.json'), `${JSON.stringify(notes, null, 1)}\n`);
  }
  return { ok: true, id };
}

/** What the XLSForm import could not carry over, kept to show on the study's page. */
export function importNotes(ws: string, id: string): readonly Diagnostic[] {
  const file = join(dataDir(ws, id), 'import-notes.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Diagnostic[]) : [];
}

/** Reads the uploaded workbook, imports it, and creates the study when the result is a valid questionnaire. */
export async function createFromXlsform(ws: string, file: { readonly name: string; readonly bytes: Uint8Array }, mapMissing: boolean): Promise<Created> {
  let book: Workbook;
  try {
    book = await readWorkbookBytes(file.bytes, file.name);
  } catch {
    return refused(`${file.name} could not be read as an Excel workbook (.xlsx). Save it from Excel or LibreOffice as .xlsx and upload it again.`);
  }
  const result = importXlsform(book, { mapMissing });
  if (result.yaml === '') return { ok: false, problems: result.diagnostics };
  return createFromYaml(ws, `# Imported from ${file.name} by the portas studio; see docs/xlsform.md.\n${result.yaml}`, result.diagnostics);
}

/** The flagship's questionnaire, disclosure policy and report spec, under its own id or a new one. */
export function createFromFlagship(ws: string, newId: string): Created {
  const original = readFileSync(join(FLAGSHIP_SOURCE, 'instrument.yaml'), 'utf8');
  const yaml = newId === '' ? original : original.replace(/^study:.*$/m, `study: ${newId}`);
  const created = createFromYaml(ws, yaml);
  if (!created.ok) return created;
  for (const extra of STUDY_EXTRAS) {
    const from = join(FLAGSHIP_SOURCE, extra);
    if (!existsSync(from)) continue;
    // The report spec names its study too: under a new id it must say the new one, or the study does not load.
    if (extra === 'report.yaml' && newId !== '') writeFileSync(join(studyDir(ws, created.id), extra), readFileSync(from, 'utf8').replace(/^study:.*$/m, `study: ${newId}`));
    else copyFileSync(from, join(studyDir(ws, created.id), extra));
  }
  return created;
}
