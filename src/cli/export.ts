// `portas export DATA_DIR --format csv|sav|dta --out DIR`: reads a data package and writes it for other tools.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { EXPORT_FORMATS, exportDataset, renamedVariables, type ExportFormat } from '../export/export.ts';
import { provisionalRelease } from '../export/release.ts';
import type { Command } from './command.ts';

const USAGE = 'export DATA_DIR --format csv|sav|zsav|dta --out DIR [--include-text] [--language CODE]';

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
  summary: 'export a dataset as CSV + codebook (data package), SPSS .sav/.zsav or Stata .dta',
  run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          out: { type: 'string' },
          'include-text': { type: 'boolean', default: false },
          language: { type: 'string' },
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
    // The disclosure-control gate replaces this call when src/disclosure provides one.
    const released = provisionalRelease(read.value, { includeText: values['include-text'] });
    const files = exportDataset(released, format as ExportFormat, { ...(values.language === undefined ? {} : { language: values.language }), createdAt: new Date(), deflate: (raw) => deflateSync(raw) });
    mkdirSync(values.out, { recursive: true });
    for (const f of files) writeFileSync(join(values.out, f.name), f.bytes);
    for (const note of released.notes) console.error(`note: ${note}`);
    for (const [from, to] of renamedVariables(released, format as ExportFormat)) console.error(`note: variable '${from}' is named '${to}' in the .${format} file.`);
    if (read.value.synthetic) console.error('note: SYNTHETIC data (a generated replica, not real responses).');
    console.log(files.map((f) => join(values.out ?? '', f.name)).join('\n'));
    return Promise.resolve(0);
  },
};
