// Path checks for key material: is a file inside a folder (after resolving symlinks)?

import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** The real path of `path`, resolving the longest existing ancestor (the file itself may not exist yet). */
function realish(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : resolve(realish(parent), relative(parent, abs));
}

/** True when `file` is `folder` or lies anywhere below it. */
export function isInside(file: string, folder: string): boolean {
  const rel = relative(realish(folder), realish(file));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
