// Writes an SPSS system file (.sav): labels, user-missing codes, measurement levels, MRSETS, UTF-8, very long strings.

import type { Dataset } from '../../analysis/dataset.ts';
import { ByteWriter } from '../bytes.ts';
import { writeCases } from './data.ts';
import { writeExtensions, writeHeader, writeValueLabels, writeVariables } from './dictionary.ts';
import { savLayout } from './layout.ts';
import { fittedLabel, type Treatments } from '../variable-labels.ts';

export interface SavOptions {
  /** Language of labels (the format holds one); default: the dataset's first language. */
  readonly language?: string;
  /** Creation time recorded in the header; default 1 January 1970 (this module reads no clock). */
  readonly createdAt?: Date;
  /**
   * zlib compression (RFC 1950 stream, e.g. node:zlib `deflateSync`). When given, the file is a ZSAV (`$FL3`):
   * much smaller when long text columns are mostly blank. Passed in because this module does no I/O nor imports node:.
   */
  readonly deflate?: (raw: Uint8Array) => Uint8Array;
  /** What the release gate did to each variable, said in its label. */
  readonly treatments?: Treatments;
}

/** Uncompressed bytes per zlib block, as SPSS writes them. */
const ZBLOCK = 0x3ff000;

/** ZLIB data header, blocks and trailer (PSPP developers guide, "ZLIB Compressed Data"). */
function writeZlibData(w: ByteWriter, body: Uint8Array, deflate: (raw: Uint8Array) => Uint8Array): void {
  const zheaderOfs = w.length;
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < body.length; at += ZBLOCK) blocks.push(deflate(body.subarray(at, Math.min(body.length, at + ZBLOCK))));
  const compressedTotal = blocks.reduce((s, b) => s + b.length, 0);
  const ztrailerOfs = zheaderOfs + 24 + compressedTotal;
  w.u64(zheaderOfs).u64(ztrailerOfs).u64(24 + 24 * blocks.length);
  for (const b of blocks) w.bytes(b);
  w.bits64(0xffffffff, 0x100000000 - 100).u64(0).i32(ZBLOCK).i32(blocks.length); // bias as int64 −100
  let uncompressedOfs = zheaderOfs;
  let compressedOfs = zheaderOfs + 24;
  blocks.forEach((b, i) => {
    const size = Math.min(ZBLOCK, body.length - i * ZBLOCK);
    w.u64(uncompressedOfs).u64(compressedOfs).i32(size).i32(b.length);
    uncompressedOfs += size;
    compressedOfs += b.length;
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (x: number): string => String(x).padStart(2, '0');

/** Long names SPSS will show, keyed by portas name (they differ only for reserved words). */
export function savNames(dataset: Dataset): Map<string, string> {
  return new Map(savLayout(dataset).map((sv) => [sv.v.name, sv.name]));
}

/**
 * About the size of the compressed cases, so that a large file's buffer is allocated once instead of grown from
 * 1 MiB up (fresh memory is most of what 100 MB of cases cost): a command byte per slot, 8 bytes per number
 * that is not a small integer, and a text's bytes taken as twice its length (Cyrillic) in 8-byte chunks.
 */
function casesSize(vars: ReturnType<typeof savLayout>, n: number, caseSlots: number): number {
  let raw = 0;
  for (const { v, width } of vars) {
    for (let r = 0; r < n; r++) {
      if ((v.missing[r] ?? 0) !== 0) continue;
      if (v.type === 'text') raw += Math.ceil(Math.min(width, 2 * (v.values[r] ?? '').length) / 8) * 8;
      else if (!Number.isInteger(v.values[r] ?? Number.NaN)) raw += 8;
    }
  }
  return n * caseSlots + raw + (1 << 20);
}

export function writeSav(dataset: Dataset, options: SavOptions = {}): Uint8Array {
  const lang = options.language ?? dataset.languages[0] ?? 'en';
  const at = options.createdAt ?? new Date(0);
  const vars = savLayout(dataset);
  const caseSlots = vars.reduce((s, sv) => s + sv.slots, 0);
  const casesAtLeast = casesSize(vars, dataset.n, caseSlots);
  const w = new ByteWriter(options.deflate === undefined ? casesAtLeast : 1 << 20);
  writeHeader(w, {
    zlib: options.deflate !== undefined,
    caseSlots,
    cases: dataset.n,
    date: `${two(at.getUTCDate())} ${MONTHS[at.getUTCMonth()] ?? 'Jan'} ${two(at.getUTCFullYear() % 100)}`,
    time: `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`,
    label: `${dataset.study} ${dataset.instrumentVersion}${dataset.synthetic ? ' SYNTHETIC' : ''}`,
  });
  writeVariables(w, vars, (v) => fittedLabel(v, dataset, lang, { bytes: 255 }, options.treatments?.get(v.name)));
  writeValueLabels(w, vars, lang);
  writeExtensions(w, dataset, vars, lang);
  if (options.deflate === undefined) writeCases(w, vars, dataset.n);
  else {
    const body = new ByteWriter(casesAtLeast);
    writeCases(body, vars, dataset.n);
    writeZlibData(w, body.finish(), options.deflate);
  }
  return w.finish();
}
