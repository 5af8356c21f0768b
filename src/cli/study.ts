// `portas study new|list|settings`: the studio's Studies and Settings screens on the command line, over the same
// Study API (src/study): make a study folder, list a workspace's studies, read or change a study's settings.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatDiagnostic, hasErrors } from '../core/diagnostic.ts';
import { formatSheetDiagnostic } from '../instrument/xlsform/workbook.ts';
import { copyFlagship, createStudyFromXlsform, createStudyFromYaml, type CreatedStudy } from '../study/create.ts';
import { listStudies } from '../study/list.ts';
import { getStudySettings, setStudySettings } from '../study/settings.ts';
import { readArgs, type Command } from './command.ts';
import { printProblems } from './problems.ts';

export const studyCommand: Command = {
  name: 'study',
  usage: 'study new|list|settings …',
  summary: 'make a study folder (from an XLSForm, YAML or the flagship), list a workspace, read or set study settings',
  async run(args) {
    // The sub-command is the first word; options may come before or after it.
    const { values, positionals: words } = readArgs(args, {
      'from-xlsform': { type: 'string' },
      'from-yaml': { type: 'string' },
      flagship: { type: 'boolean', default: false },
      out: { type: 'string' },
      'missing-codes': { type: 'boolean', default: false },
      set: { type: 'string', multiple: true },
    });
    const [sub, ...positionals] = words;
    if (sub === 'new') return newStudy(values);
    if (sub === 'list' && positionals.length <= 1) return list(positionals[0] ?? '.');
    const [dir] = positionals;
    if (sub === 'settings' && dir !== undefined && positionals.length === 1) return settings(dir, values.set ?? []);
    console.error(`usage: portas study new (--from-xlsform FORM.xlsx | --from-yaml FILE | --flagship) --out DIR\n       portas study list [WORKSPACE]\n       portas study settings STUDY_DIR [--set KEY=VALUE]...`);
    return 2;
  },
};

async function newStudy(v: { 'from-xlsform'?: string | undefined; 'from-yaml'?: string | undefined; flagship: boolean; out?: string | undefined; 'missing-codes': boolean }): Promise<number> {
  const sources = [v['from-xlsform'], v['from-yaml'], v.flagship ? 'flagship' : undefined].filter((s) => s !== undefined);
  if (sources.length !== 1 || v.out === undefined) {
    console.error('portas study new: say where from (one of --from-xlsform FORM.xlsx, --from-yaml FILE, --flagship) and --out DIR');
    return 2;
  }
  let created: CreatedStudy;
  try {
    if (v['from-xlsform'] !== undefined) created = await createStudyFromXlsform(readFileSync(v['from-xlsform']), v.out, { fileName: basename(v['from-xlsform']), mapMissing: v['missing-codes'] });
    else if (v['from-yaml'] !== undefined) created = await createStudyFromYaml(readFileSync(v['from-yaml'], 'utf8'), v.out, { fileName: v['from-yaml'] });
    else created = await copyFlagship(v.out);
  } catch (e) {
    console.error(`portas study new: cannot read ${sources[0] ?? ''} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return 1;
  }
  for (const d of created.source) console.error(d.position !== undefined && v['from-xlsform'] !== undefined ? formatSheetDiagnostic(d) : formatDiagnostic(d));
  for (const d of created.diagnostics) console.error(formatDiagnostic(d));
  if (!created.written) return 1;
  const study = created.study;
  console.log(`${v.out}: study '${study?.id ?? '?'}' written${study === undefined ? ' with errors' : ` — ${String(study.instrument.sections.length)} pages, languages ${study.instrument.languages.join(', ')}`}`);
  console.log(`next: portas preview ${v.out}; portas keygen ${v.out}; portas study settings ${v.out}`);
  return hasErrors([...created.source, ...created.diagnostics]) ? 1 : 0;
}

async function list(workspace: string): Promise<number> {
  const studies = await listStudies(workspace);
  if (studies.length === 0) {
    console.log(`${workspace}: no study folders (a study folder holds instrument.yaml)`);
    return 0;
  }
  for (const s of studies) {
    const sealed = s.keyId === undefined ? 'no key yet' : `sealed to key ${s.keyId}`;
    const problems = s.errors + s.warnings === 0 ? '' : `, ${String(s.errors)} error(s), ${String(s.warnings)} warning(s)`;
    console.log(`${s.folder}\t${s.id ?? '(instrument has errors)'}\t${sealed}\t${s.languages.join(',')}\t${String(s.pages)} pages${s.synthetic ? '\tSYNTHETIC' : ''}${problems}`);
  }
  return 0;
}

function settings(dir: string, sets: readonly string[]): number {
  if (sets.length > 0) {
    const changes: Record<string, string> = {};
    for (const s of sets) {
      const eq = s.indexOf('=');
      if (eq <= 0) {
        console.error(`portas study settings: --set ${s}: write KEY=VALUE (KEY= goes back to the default)`);
        return 2;
      }
      changes[s.slice(0, eq).trim()] = s.slice(eq + 1);
    }
    const set = setStudySettings(dir, changes);
    if (!set.written) return printProblems('study settings', set.diagnostics);
  }
  const view = getStudySettings(dir);
  for (const d of view.diagnostics) console.error(formatDiagnostic(d));
  const width = Math.max(...view.fields.map((f) => f.key.length));
  for (const f of view.fields) console.log(`${f.key.padEnd(width)}  ${f.value ?? `(default: ${f.fallback})`}   # ${f.label}${f.choices.length > 0 ? ` (${f.choices.join(', ')})` : ''}`);
  return hasErrors(view.diagnostics) ? 1 : 0;
}
