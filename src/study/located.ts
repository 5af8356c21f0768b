// Diagnostics about a study's own files, located at the line and column of the YAML key they are about.

import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { Diagnostic, Severity, SourcePosition } from '../core/diagnostic.ts';
import type { StudyCode } from './codes.ts';

/** A diagnostic of this layer; `at` is where in which file (line 1, column 1 when the whole file is meant), undefined for an option. */
export function studyDiagnostic(code: StudyCode, at: SourcePosition | string | undefined, message: string, extra: { severity?: Severity; subject?: string; hint?: string } = {}): Diagnostic {
  const position = typeof at === 'string' ? { file: at, line: 1, column: 1 } : at;
  return { code, severity: extra.severity ?? 'error', message, ...(position === undefined ? {} : { position }), ...(extra.subject === undefined ? {} : { subject: extra.subject }), ...(extra.hint === undefined ? {} : { hint: extra.hint }) };
}

/** A file's text, or the diagnostic saying why it cannot be read (undefined text when it simply does not exist and `optional`). */
export function readText(file: string, optional = false): { text?: string; diagnostics: Diagnostic[] } {
  try {
    return { text: readFileSync(file, 'utf8'), diagnostics: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (optional && code === 'ENOENT') return { diagnostics: [] };
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : 'the system refused';
    return { diagnostics: [studyDiagnostic('study.unreadable', file, `${why} (${code})`)] };
  }
}

/** A parsed YAML mapping and a way to locate any of its keys; a syntax error is a located diagnostic. */
export interface YamlMapping {
  readonly values: Readonly<Record<string, unknown>>;
  readonly doc: Document;
  /** Where the key at `path` (e.g. ['recodes', 'age']) starts; the file's start when it is not there. */
  readonly at: (path: readonly string[]) => SourcePosition;
}

export function parseYamlMapping(text: string, file: string): { mapping?: YamlMapping; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const locate = (offset: number): SourcePosition => {
    const p = lines.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const first = doc.errors[0];
  if (first !== undefined) return { diagnostics: [studyDiagnostic('study.syntax', locate(first.pos[0]), `not valid YAML: ${first.message.split('\n')[0] ?? ''}`)] };
  const raw: unknown = doc.toJS();
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    return { diagnostics: [studyDiagnostic('study.syntax', file, 'expected a mapping of settings (name: value, one a line)')] };
  }
  const at = (path: readonly string[]): SourcePosition => {
    let node: unknown = doc.contents;
    let offset = 0;
    for (const key of path) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair === undefined) break;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    }
    return locate(offset);
  };
  return { mapping: { values: (raw ?? {}) as Record<string, unknown>, doc, at }, diagnostics: [] };
}
