// CSV (RFC 4180) in one place: the reader (quoted cells, doubled quotes, CRLF or LF, a byte-order mark; the line
// each record starts on) and the cell writer.

import { err, ok, type Result } from './result.ts';

export interface CsvRecord {
  /** 1-based line in the text where the record starts. */
  readonly line: number;
  readonly cells: string[];
}

export interface CsvSyntaxError {
  readonly line: number;
  /** 1-based cell number in the record. */
  readonly cell: number;
  readonly message: string;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A cell quoted only when it must be (RFC 4180 §2.6–2.7). */
export const csvCell = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Every record of `text`. An empty line is a record with one empty cell unless `skipBlankLines`
 * (for a one-column file an empty cell is a value). A final newline ends the last record.
 */
export function readCsvRecords(text: string, options: { readonly skipBlankLines?: boolean } = {}): Result<CsvRecord[], CsvSyntaxError> {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endRecord = (): void => {
    if (!(options.skipBlankLines === true && cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let out = '';
      let from = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return err({ line: startLine, cell: cells.length + 1, message: 'a quoted cell is never closed' });
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) line++;
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += text.slice(from, q + 1);
          i = from = q + 2;
          continue;
        }
        out += text.slice(from, q);
        i = q + 1;
        break;
      }
      cell = out;
      const c = text.charCodeAt(i);
      if (i < n && c !== COMMA && c !== CR && c !== LF) return err({ line, cell: cells.length + 1, message: 'text follows a closing quote' });
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === CR || c === LF) break;
        if (c === QUOTE) return err({ line, cell: cells.length + 1, message: 'a quote inside an unquoted cell' });
        j++;
      }
      cell = text.slice(i, j);
      i = j;
    }
    cells.push(cell);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i === n) cells.push('');
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    i++;
    endRecord();
    line++;
    recordLine = line;
  }
  if (cells.length > 0) endRecord();
  return ok(records);
}
