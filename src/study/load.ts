// A study folder loaded in one place: instrument, public key, settings, disclosure policy, report spec and benchmarks,
// with every problem as a located diagnostic. The CLI and the studio both start here.

import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.ts';
import { collectionSettings, DEFAULT_SETTINGS, type CollectionSettings, type SettingProblem } from '../collect/collection-settings.ts';
import { catalogueProblems } from '../collect/messages.ts';
import { readRecipientFile, type KeyKind } from '../crypto/index.ts';
import { studySealedPlainSize } from '../crypto/sealed-size.ts';
import type { Instrument } from '../instrument/model.ts';
import { loadReportSpec, type ReportSpec } from '../report/spec.ts';
import type { Benchmark } from '../sampling/popsize/multiplier.ts';
import { MAX_SEALED_BYTES } from '../store/store.ts';
import { readBenchmarksFile } from './benchmarks-file.ts';
import { loadStudyDisclosure, type StudyDisclosure } from './disclosure-file.ts';
import { BENCHMARKS_FILE, INSTRUMENT_FILE, PUBLIC_KEY_FILE, REPORT_SPEC_FILE, SETTINGS_FILE } from './files.ts';
import { readInstrumentFile } from './instrument-file.ts';
import { parseYamlMapping, readText, studyDiagnostic } from './located.ts';

/** The study's public key as study.pub holds it. */
export interface StudyPublicKey {
  readonly kind: KeyKind;
  readonly recipient: string;
  readonly keyId: string;
}

export interface Study {
  /** The folder, as an absolute path. */
  readonly dir: string;
  /** The study id (instrument.yaml's `study`). */
  readonly id: string;
  readonly instrument: Instrument;
  /** Undefined until a key is made: responses cannot be collected before (they are sealed to this key). */
  readonly publicKey: StudyPublicKey | undefined;
  readonly settings: CollectionSettings;
  /** Test or demo data only: every page and report says SYNTHETIC. */
  readonly synthetic: boolean;
  readonly disclosure: StudyDisclosure;
  /** report.yaml, when the study has one. */
  readonly reportSpec: ReportSpec | undefined;
  /** population-benchmarks.json, when the study has one. */
  readonly benchmarks: readonly Benchmark[] | undefined;
  /** Every sealed response is padded to this many plaintext bytes (undefined: the largest response is too large). */
  readonly sealedPlainSize: number | undefined;
}

export interface LoadedStudy {
  /** Undefined when the instrument has errors, or another file an error that leaves no usable study. */
  readonly study: Study | undefined;
  /** Every problem of every file, located (file:line:col), errors and warnings. */
  readonly diagnostics: Diagnostic[];
}

/** Loads the study folder `dir`. Nothing is written; nothing is printed. */
export async function loadStudy(dir: string): Promise<LoadedStudy> {
  const folder = resolve(dir);
  const instrumentFile = join(folder, INSTRUMENT_FILE);
  if (!existsSync(folder) || !statSync(folder).isDirectory() || !existsSync(instrumentFile)) {
    return { study: undefined, diagnostics: [studyDiagnostic('study.not-a-study', instrumentFile, `${dir} holds no ${INSTRUMENT_FILE}`, { hint: 'make one from an XLSForm or YAML (portas study new), or name the study folder' })] };
  }
  const read = readInstrumentFile(instrumentFile);
  const diagnostics = [...read.diagnostics];
  const instrument = read.instrument;
  if (instrument === undefined) return { study: undefined, diagnostics };
  for (const p of catalogueProblems(instrument.languages)) diagnostics.push(studyDiagnostic('study.server-limits', instrumentFile, p));
  const sealed = studySealedPlainSize(instrument);
  // Room for the age header and the chunk tags within what the store accepts.
  const sealedPlainSize = sealed !== undefined && sealed <= MAX_SEALED_BYTES - 8192 ? sealed : undefined;
  if (sealedPlainSize === undefined) diagnostics.push(studyDiagnostic('study.server-limits', instrumentFile, `the largest possible response does not fit the ${MAX_SEALED_BYTES} bytes a sealed record may hold`, { hint: "lower the text items' max_length" }));

  const publicKey = await readPublicKey(join(folder, PUBLIC_KEY_FILE), diagnostics);
  const settings = readSettingsFile(join(folder, SETTINGS_FILE), diagnostics);
  const disclosure = loadStudyDisclosure(folder, instrument);
  diagnostics.push(...disclosure.diagnostics);

  let reportSpec: ReportSpec | undefined;
  const specText = readText(join(folder, REPORT_SPEC_FILE), true);
  diagnostics.push(...specText.diagnostics);
  if (specText.text !== undefined) {
    const spec = loadReportSpec(specText.text, join(folder, REPORT_SPEC_FILE), instrument);
    if (spec.ok) reportSpec = spec.value;
    else diagnostics.push(...spec.error);
  }
  let benchmarks: Benchmark[] | undefined;
  if (existsSync(join(folder, BENCHMARKS_FILE))) {
    const b = readBenchmarksFile(join(folder, BENCHMARKS_FILE));
    if (b.ok) benchmarks = b.value;
    else diagnostics.push(...b.error);
  }
  if (disclosure.disclosure === undefined) return { study: undefined, diagnostics };
  return {
    study: { dir: folder, id: instrument.study, instrument, publicKey, settings: settings.settings, synthetic: settings.synthetic, disclosure: disclosure.disclosure, reportSpec, benchmarks, sealedPlainSize },
    diagnostics,
  };
}

async function readPublicKey(file: string, diagnostics: Diagnostic[]): Promise<StudyPublicKey | undefined> {
  const text = readText(file, true);
  diagnostics.push(...text.diagnostics);
  if (text.text === undefined) return undefined;
  const key = await readRecipientFile(text.text);
  if (key.ok) return key.value;
  diagnostics.push(studyDiagnostic('study.public-key', file, 'no age recipient (one line starting with age1) found', { hint: 'make the key again with portas keygen, or restore study.pub from a copy' }));
  return undefined;
}

/** study.yaml's settings (the defaults when there is none); problems located at their key. */
/** A settings problem as a located diagnostic: its code says whether a cap or another setting is at fault. */
export function settingDiagnostic(p: SettingProblem, at: SourcePosition | string): Diagnostic {
  const code = p.kind === 'cap' ? 'study.cap' : p.kind === 'cap-conflict' ? 'study.cap-conflict' : 'study.setting';
  // The message names the setting already; no subject, so the rendered line stays as it was before caps.
  return studyDiagnostic(code, at, p.message, { severity: p.severity });
}

export function readSettingsFile(file: string, diagnostics: Diagnostic[]): { settings: CollectionSettings; synthetic: boolean; problems?: readonly SettingProblem[] } {
  const text = readText(file, true);
  diagnostics.push(...text.diagnostics);
  if (text.text === undefined) return { settings: DEFAULT_SETTINGS, synthetic: false };
  const parsed = parseYamlMapping(text.text, file);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.mapping === undefined) return { settings: DEFAULT_SETTINGS, synthetic: false };
  const { at } = parsed.mapping;
  const read = collectionSettings(parsed.mapping.values);
  for (const p of read.problems) diagnostics.push(settingDiagnostic(p, at([p.key])));
  return read;
}
