// The main job's last step: a studio workspace over the flagship's output, so the studio opens on the flagship —
// its questionnaire, key, fieldwork monitor (the running server), dataset, report and exports — with nothing copied twice.

import { copyFileSync, existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { dataDir, datasetDir, exportsDir, keyFile, pulledDir, reportDir, setServerConnection, studyDir } from '../studio/workspace.ts';

/** What the studio needs of a study folder besides what the server reads: the disclosure policy and the report spec. */
const STUDY_EXTRAS = ['disclosure.yaml', 'report.yaml', 'population-benchmarks.json'] as const;

/** A relative symlink, so the output folder can be moved as a whole. */
function link(target: string, at: string): void {
  // lstat, not exists: a link to what is not there yet (no pulled data) is a link all the same.
  if (lstatSync(at, { throwIfNoEntry: false }) !== undefined) return;
  symlinkSync(relative(join(at, '..'), target), at);
}

/**
 * `out/workspace`: studies/ID holds links to the served study's files (plus the policy and spec from the flagship's
 * folder), keys/ID.key the demo key, data/ID/{pulled,dataset,report,exports} the main job's results; the server
 * connection is the running server with the main job's researcher token.
 */
export function flagshipWorkspace(options: { readonly out: string; readonly flagshipDir: string; readonly study: string; readonly serverUrl: string; readonly token: string }): string {
  const out = resolve(options.out);
  const ws = join(out, 'workspace');
  const id = options.study;
  mkdirSync(studyDir(ws, id), { recursive: true });
  for (const name of ['instrument.yaml', 'study.yaml', 'study.pub']) link(join(out, 'study', name), join(studyDir(ws, id), name));
  for (const name of STUDY_EXTRAS) if (existsSync(join(options.flagshipDir, name)) && !existsSync(join(studyDir(ws, id), name))) copyFileSync(join(options.flagshipDir, name), join(studyDir(ws, id), name));
  mkdirSync(join(ws, 'keys'), { recursive: true, mode: 0o700 });
  link(join(out, 'keys', 'flagship.key'), keyFile(ws, id));
  mkdirSync(dataDir(ws, id), { recursive: true });
  link(join(out, 'pulled'), pulledDir(ws, id));
  link(join(out, 'dataset'), datasetDir(ws, id));
  link(join(out, 'report'), reportDir(ws, id));
  link(join(out, 'exports'), exportsDir(ws, id));
  setServerConnection(ws, id, { url: options.serverUrl, token: options.token });
  return ws;
}
