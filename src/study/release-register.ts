// The release register beside a dataset: its release lines, each line's protected master, and what every release released.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../analysis/dataset.ts';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { RecodeStep, ReleaseMaster } from '../disclosure/index.ts';
import { writeDataPackage } from '../export/datapackage/write.ts';

/** Folder of the register inside a data directory. */
export const RELEASES_DIR = 'releases';
export const REGISTER_JSON = 'register.json';
const REGISTER_FORMAT = 1;

/** One release: what left, where, under which settings. No data values. */
export interface RegisteredRelease {
  readonly release: number;
  /** The day it was made (YYYY-MM-DD); no time of day. */
  readonly date: string;
  readonly format: string;
  readonly out: string;
  readonly variables: readonly string[];
  readonly rows: number;
  readonly k: number;
  readonly recodes: readonly string[];
  readonly suppressed: number;
  /** False for the release that made the line's master. */
  readonly derivedFromMaster: boolean;
}

interface StoredRecode {
  readonly variable: string;
  readonly name: string;
  readonly choices: RecodeStep['recode']['choices'];
  readonly map: readonly (readonly [number, number])[];
}

export interface ReleaseLine {
  readonly line: number;
  /** Fingerprint of the dataset the master was made from (SHA-256 of its data.csv). */
  readonly dataset: string;
  /** Folder of the master's data package, relative to the register. */
  readonly master: string;
  readonly recodes: readonly StoredRecode[];
  /** The k the master was made for: releases of the line may ask for less, never more. */
  readonly k: number;
  readonly releases: readonly RegisteredRelease[];
}

export interface Register {
  readonly format: typeof REGISTER_FORMAT;
  readonly study: string;
  readonly lines: readonly ReleaseLine[];
}

const problem = (file: string, message: string, hint?: string): Diagnostic => ({
  code: 'export.register',
  severity: 'error',
  message,
  position: { file, line: 1, column: 1 },
  ...(hint === undefined ? {} : { hint }),
});

/** SHA-256 of the dataset as its data package's data.csv spells it: changes whenever a value or a row does. */
export function datasetFingerprint(dataset: Dataset): string {
  const csv = writeDataPackage(dataset).find((f) => f.name === DATA_CSV);
  return createHash('sha256').update(csv?.bytes ?? new Uint8Array(0)).digest('hex');
}

export function registerPath(dataDir: string): string {
  return join(dataDir, RELEASES_DIR, REGISTER_JSON);
}

/** The register, an empty one when the dataset has had no release, or a located problem. */
export function readRegister(dataDir: string, study: string): Result<Register, Diagnostic> {
  const file = registerPath(dataDir);
  if (!existsSync(file)) return ok({ format: REGISTER_FORMAT, study, lines: [] });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return err(problem(file, `not readable JSON (${e instanceof Error ? e.message : String(e)})`, 'restore it from a backup: it records which releases exist'));
  }
  const r = json as Partial<Register> | null;
  if (r === null || typeof r !== 'object' || r.format !== REGISTER_FORMAT || !Array.isArray(r.lines) || typeof r.study !== 'string') {
    return err(problem(file, `not a release register of format ${String(REGISTER_FORMAT)}`));
  }
  if (r.study !== study) return err(problem(file, `the register belongs to study '${r.study}', the dataset to '${study}'`));
  return ok(r as Register);
}

export function recodeStepsOf(line: ReleaseLine): RecodeStep[] {
  return line.recodes.map((r) => ({ variable: r.variable, recode: { name: r.name, choices: r.choices, map: new Map(r.map) } }));
}

/** The current line's master, read back from its data package. */
export function readMaster(dataDir: string, line: ReleaseLine): Result<ReleaseMaster, readonly Diagnostic[]> {
  const dir = join(dataDir, RELEASES_DIR, line.master);
  const read = (name: string): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const datapackageJson = read(DATAPACKAGE_JSON);
  const dataCsv = read(DATA_CSV);
  if (datapackageJson === undefined || dataCsv === undefined) {
    return err([problem(join(dir, DATAPACKAGE_JSON), `the master of release line ${String(line.line)} is missing`, 'restore it, or start a new release line (a merge risk)')]);
  }
  const data = readDataPackage({ datapackageJson, dataCsv });
  if (!data.ok) return err(data.error.map((d) => ({ ...d, ...(d.position ? { position: { ...d.position, file: join(dir, d.position.file) } } : {}) })));
  return ok({ dataset: data.value, recodes: recodeStepsOf(line), k: line.k });
}

/** Writes a new line's master (rows in the dataset's order) and returns the line to add to the register. */
export function writeMaster(dataDir: string, register: Register, master: Dataset, fingerprint: string, recodes: readonly RecodeStep[], k: number): ReleaseLine {
  const line = register.lines.length + 1;
  const folder = `line-${String(line)}`;
  const dir = join(dataDir, RELEASES_DIR, folder);
  mkdirSync(dir, { recursive: true });
  for (const f of writeDataPackage(master)) if (f.name !== 'codebook.html') writeFileSync(join(dir, f.name), f.bytes);
  return {
    line,
    dataset: fingerprint,
    master: folder,
    recodes: recodes.map((s) => ({ variable: s.variable, name: s.recode.name, choices: s.recode.choices, map: [...s.recode.map] })),
    k,
    releases: [],
  };
}

/** Writes the register whole, through a temporary file, so that a crash never leaves half of it. */
export function writeRegister(dataDir: string, register: Register): void {
  const file = registerPath(dataDir);
  mkdirSync(join(dataDir, RELEASES_DIR), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(register, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}
