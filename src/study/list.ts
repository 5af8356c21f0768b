// The studies in a workspace folder: each sub-folder holding an instrument.yaml, summarised for a list.

import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pick } from '../core/text.ts';
import { itemsOf } from '../instrument/model.ts';
import { INSTRUMENT_FILE } from './files.ts';
import { loadStudy } from './load.ts';

export interface StudySummary {
  /** The study folder (absolute) and its name in the workspace. */
  readonly dir: string;
  readonly folder: string;
  /** Undefined when the instrument has errors. */
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly languages: readonly string[];
  readonly pages: number;
  readonly items: number;
  /** The key responses are sealed to; undefined: no key yet (nothing can be collected). */
  readonly keyId: string | undefined;
  readonly synthetic: boolean;
  readonly errors: number;
  readonly warnings: number;
}

/** The workspace's studies, by folder name; the workspace folder itself counts when it is a study. */
export async function listStudies(workspaceDir: string): Promise<StudySummary[]> {
  const root = resolve(workspaceDir);
  if (!existsSync(root)) return [];
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const dirs = [...(existsSync(join(root, INSTRUMENT_FILE)) ? [root] : []), ...folders.map((f) => join(root, f)).filter((d) => existsSync(join(d, INSTRUMENT_FILE)))];
  const out: StudySummary[] = [];
  for (const dir of dirs) {
    const { study, diagnostics } = await loadStudy(dir);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const i = study?.instrument;
    out.push({
      dir, folder: dir === root ? '.' : dir.slice(root.length + 1), id: study?.id, title: i === undefined ? undefined : pick(i.title, i.languages[0], i.languages[0]),
      languages: i?.languages ?? [], pages: i?.sections.length ?? 0, items: i === undefined ? 0 : [...itemsOf(i)].length, keyId: study?.publicKey?.keyId, synthetic: study?.synthetic ?? false,
      errors, warnings: diagnostics.length - errors,
    });
  }
  return out;
}
