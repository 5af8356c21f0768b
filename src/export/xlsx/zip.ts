// A ZIP archive of stored (uncompressed) entries: the container of an .xlsx (ECMA-376 Part 2, APPNOTE 6.3 subset).

import { ByteWriter } from '../bytes.ts';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, the one ZIP uses). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** 1980-01-01 00:00 in DOS format: no clock is read, and no time of writing leaks. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

/** The archive's bytes. Entries are stored, not deflated: small workbooks, and no compression code to trust. */
export function zipStored(entries: readonly ZipEntry[]): Uint8Array {
  const w = new ByteWriter(1 << 16);
  const encoder = new TextEncoder();
  const central: { name: Uint8Array; crc: number; size: number; offset: number }[] = [];
  for (const e of entries) {
    const name = encoder.encode(e.name);
    const crc = crc32(e.bytes);
    const offset = w.length;
    if (offset > 0xffffffff || e.bytes.length > 0xffffffff) throw new Error('zipStored: ZIP64 is not supported');
    w.u32(0x04034b50).u16(20).u16(UTF8_NAMES).u16(0).u16(DOS_TIME).u16(DOS_DATE).u32(crc).u32(e.bytes.length).u32(e.bytes.length).u16(name.length).u16(0);
    w.bytes(name).bytes(e.bytes);
    central.push({ name, crc, size: e.bytes.length, offset });
  }
  const start = w.length;
  for (const c of central) {
    w.u32(0x02014b50).u16(20).u16(20).u16(UTF8_NAMES).u16(0).u16(DOS_TIME).u16(DOS_DATE).u32(c.crc).u32(c.size).u32(c.size);
    w.u16(c.name.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(c.offset).bytes(c.name);
  }
  const size = w.length - start;
  w.u32(0x06054b50).u16(0).u16(0).u16(central.length).u16(central.length).u32(size).u32(start).u16(0);
  return w.finish();
}
