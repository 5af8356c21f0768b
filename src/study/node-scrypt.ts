// Node's native scrypt for key files: at age's N = 2^18 it takes about 0.6 s of CPU where @noble/hashes takes 0.86 s.

import { scrypt } from 'node:crypto';
import type { ScryptFunction } from '../crypto/index.ts';

export const nodeScrypt: ScryptFunction = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) => {
    // maxmem: 128 · N · r bytes of working memory, plus headroom (Node's default cap is 32 MiB).
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024 }, (e, key) => {
      if (e === null) resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
      else reject(e);
    });
  });
