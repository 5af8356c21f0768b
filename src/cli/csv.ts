// A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a header row.

export interface CsvTable {
  readonly header: readonly string[];
  /** Data rows; `line` is the 1-based line in the file where the row starts. */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

export type CsvResult = { readonly ok: true; readonly table: CsvTable } | { readonly ok: false; readonly line: number; readonly message: string };

export function parseCsv(text: string): CsvResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quoted = false;
  let touched = false;
  const endField = (): void => {
    cells.push(field);
    field = '';
    touched = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
    cells = [];
  };
  while (i < src.length) {
    const ch = src.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = src[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return { ok: false, line, message: 'text after a closing quote' };
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !touched && field === '') {
      quoted = true;
      touched = true;
      i += 1;
    } else if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      start = line;
    } else if (ch === '"') {
      return { ok: false, line, message: 'a quote inside an unquoted field' };
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) return { ok: false, line, message: 'a quoted field is not closed' };
  if (field !== '' || cells.length > 0 || touched) endRecord();
  const [head, ...rest] = records;
  if (head === undefined) return { ok: false, line: 1, message: 'the file is empty' };
  for (const r of rest) {
    if (r.cells.length !== head.cells.length) return { ok: false, line: r.line, message: `${r.cells.length} fields, the header has ${head.cells.length}` };
  }
  return { ok: true, table: { header: head.cells, rows: rest } };
}
