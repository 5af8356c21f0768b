// The warnings of the last report made (numbers disclosure control hid, and where report.yaml asks for them),
// kept beside the study's data so the Report tab can show them after the job's page is gone.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { dataDir } from '../workspace.ts';

const file = (ws: string, id: string): string => join(dataDir(ws, id), 'report-warnings.json');

export function saveReportWarnings(ws: string, id: string, warnings: readonly Diagnostic[]): void {
  mkdirSync(dataDir(ws, id), { recursive: true });
  writeFileSync(file(ws, id), `${JSON.stringify(warnings, null, 1)}\n`);
}

/** The last report's warnings; none when no report was made. */
export function readReportWarnings(ws: string, id: string): readonly Diagnostic[] {
  return existsSync(file(ws, id)) ? (JSON.parse(readFileSync(file(ws, id), 'utf8')) as Diagnostic[]) : [];
}
