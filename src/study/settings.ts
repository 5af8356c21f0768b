// A study's settings as a form: every field with its meaning, current value and default, read from and written to
// study.yaml (comments and order kept), caps included. The languages are the instrument's and are shown, not set, here.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../core/diagnostic.ts';
import { SETTING_FIELDS, type CollectionSettings, type SettingField, type SettingProblem } from '../collect/collection-settings.ts';
import { SETTINGS_FILE } from './files.ts';
import { readSettingsFile } from './load.ts';
import { parseYamlMapping, readText, studyDiagnostic } from './located.ts';

export interface SettingView {
  readonly key: string;
  readonly label: string;
  readonly kind: SettingField['kind'];
  readonly choices: readonly string[];
  /** As study.yaml says it; undefined when the default applies. */
  readonly value: string | undefined;
  readonly fallback: string;
}

export interface StudySettingsView {
  readonly file: string;
  readonly fields: readonly SettingView[];
  readonly settings: CollectionSettings;
  readonly synthetic: boolean;
  readonly diagnostics: Diagnostic[];
  /** The same problems by setting key (a form puts each beside its field). */
  readonly problems: readonly SettingProblem[];
}

/** The settings of the study in `studyDir`, as a form would show them. */
export function getStudySettings(studyDir: string): StudySettingsView {
  const file = join(studyDir, SETTINGS_FILE);
  const diagnostics: Diagnostic[] = [];
  const read = readSettingsFile(file, diagnostics);
  const text = readText(file, true).text;
  const raw = text === undefined ? {} : (parseYamlMapping(text, file).mapping?.values ?? {});
  const fields = SETTING_FIELDS.map((f): SettingView => {
    const v = raw[f.key];
    return { key: f.key, label: f.label, kind: f.kind, choices: f.choices ?? [], value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined, fallback: f.fallback };
  });
  return { file, fields, settings: read.settings, synthetic: read.synthetic, diagnostics, problems: read.problems ?? [] };
}

/** A value typed in a form or on a command line, as the setting's type; '' means "back to the default". */
function typed(field: SettingField, text: string): unknown {
  const t = text.trim();
  if (field.kind === 'whole') return /^-?\d+$/.test(t) ? Number(t) : t;
  if (field.kind === 'yes-no') return ['true', 'yes', 'on', '1'].includes(t.toLowerCase()) ? true : ['false', 'no', 'off', '0'].includes(t.toLowerCase()) ? false : t;
  return t;
}

/**
 * Sets `changes` (setting key → text; '' removes the setting) in study.yaml. Every change is checked first; when any
 * is refused nothing is written and each refusal is a diagnostic naming the setting.
 */
export function setStudySettings(studyDir: string, changes: Readonly<Record<string, string>>): { written: boolean; diagnostics: Diagnostic[] } {
  const file = join(studyDir, SETTINGS_FILE);
  const problems: Diagnostic[] = [];
  const text = existsSync(file) ? readText(file) : { text: '', diagnostics: [] };
  if (text.text === undefined) return { written: false, diagnostics: text.diagnostics };
  const doc = parseDocument(text.text);
  if (doc.errors.length > 0) return { written: false, diagnostics: parseYamlMapping(text.text, file).diagnostics };
  for (const [key, value] of Object.entries(changes)) {
    const field = SETTING_FIELDS.find((f) => f.key === key);
    if (field === undefined) {
      problems.push(studyDiagnostic('study.setting', file, `unknown setting '${key}' (known: ${SETTING_FIELDS.map((f) => f.key).join(', ')})`, { subject: key }));
      continue;
    }
    if (value.trim() === '') {
      doc.delete(key);
      continue;
    }
    const checked = field.check(typed(field, value));
    if (!checked.ok) problems.push(studyDiagnostic(field.cap === true ? 'study.cap' : 'study.setting', file, checked.why, { subject: key }));
    else doc.set(key, checked.value);
  }
  if (problems.length > 0) return { written: false, diagnostics: problems };
  const out = doc.contents === null ? '' : doc.toString();
  writeFileSync(file, out.trim() === '{}' ? '' : out);
  return { written: true, diagnostics: [] };
}
