// A folder as a .tar.gz (POSIX ustar) for the deploy bundle download: node:zlib and a few header bytes, no package.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

function header(name: string, size: number, mode: number, type: '0' | '5'): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number, length: number): void => {
    h.set(new TextEncoder().encode(text).subarray(0, length), at);
  };
  const octal = (n: number, length: number): string => `${n.toString(8).padStart(length - 1, '0')}\0`;
  if (new TextEncoder().encode(name).length > 100) throw new Error(`tar: name too long: ${name}`);
  put(name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  // A fixed time: the bundle says nothing about when it was made.
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** Every file and folder under `dir`, named `prefix/…`, in a sorted order. */
export function tarGz(dir: string, prefix: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const st = statSync(path);
      const inTar = `${prefix}/${relative(dir, path)}`;
      if (st.isDirectory()) {
        parts.push(header(`${inTar}/`, 0, 0o755, '5'));
        walk(path);
      } else {
        const bytes = readFileSync(path);
        parts.push(header(inTar, bytes.length, st.mode, '0'), bytes, new Uint8Array((512 - (bytes.length % 512)) % 512));
      }
    }
  };
  parts.push(header(`${prefix}/`, 0, 0o755, '5'));
  walk(dir);
  parts.push(new Uint8Array(1024));
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
