// Reads a local data package (what `portas open` writes) into a Dataset, naming the file of any problem.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../analysis/dataset.ts';
import { DATA_CSV, DATAPACKAGE_JSON, readDataPackage } from '../analysis/datapackage.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, type Result } from '../core/result.ts';

export function loadDataset(dir: string): Promise<Result<Dataset, readonly Diagnostic[]>> {
  const read = (name: string): string | Diagnostic => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      return { code: 'dataset.unreadable', severity: 'error', message: `cannot read ${join(dir, name)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, hint: "a data package folder, as 'portas open' writes" };
    }
  };
  const datapackageJson = read(DATAPACKAGE_JSON);
  const dataCsv = read(DATA_CSV);
  if (typeof datapackageJson !== 'string' || typeof dataCsv !== 'string') {
    return Promise.resolve(err([datapackageJson, dataCsv].filter((x): x is Diagnostic => typeof x !== 'string')));
  }
  return Promise.resolve(readDataPackage({ datapackageJson, dataCsv }));
}
