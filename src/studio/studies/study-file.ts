// A workspace study's questionnaire, read and checked (the same loader and diagnostics as `portas check`).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { loadInstrumentYaml } from '../../instrument/load-yaml.ts';
import type { Instrument } from '../../instrument/model.ts';
import { isStudyId, studyDir } from '../workspace.ts';

export interface LoadedStudy {
  readonly id: string;
  readonly instrument?: Instrument;
  readonly diagnostics: readonly Diagnostic[];
}

/** undefined when there is no such study in the workspace. */
export function readStudy(ws: string, id: string): LoadedStudy | undefined {
  if (!isStudyId(id)) return undefined;
  const file = join(studyDir(ws, id), 'instrument.yaml');
  if (!existsSync(file)) return undefined;
  const loaded = loadInstrumentYaml(readFileSync(file, 'utf8'), 'instrument.yaml');
  return loaded.instrument === undefined ? { id, diagnostics: loaded.diagnostics } : { id, instrument: loaded.instrument, diagnostics: loaded.diagnostics };
}
