// The deploy bundle: what `portas deploy` writes for this study (no secret), plus the commands, as one .tar.gz.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { studyDir } from '../workspace.ts';
import { tarGz } from './tar-gz.ts';

const PORTAS = fileURLToPath(new URL('../../../bin/portas.js', import.meta.url));

const commands = (id: string, store: string): string => `How to run study ${id} on a server (step by step: docs/deploy.md)

1. Copy this folder and the portas source to the server (a fresh Debian with Node.js and Tor).
2. As root, in this folder:          sh install.sh
   It places the systemd unit (portas.service), the Tor onion service (portas.torrc), the log settings
   that keep no address, and a daily age-encrypted backup of the sealed store.
3. The onion address:                cat /var/lib/tor/portas/hostname
   Put it in the studio (Fieldwork → Settings → onion address) so thank-you pages show it.
4. Seed coupons and a researcher token, on the server:
     portas coupons seed /etc/portas/studies/${id} --n 12 --sheet seeds.html --store ${store}
     portas token add ${id} --label studio --store ${store}
   Give the token to the studio (Monitor → Connect); print seeds.html and delete it.

To try it on this computer first:    portas serve studies/${id} --store sqlite:try.sqlite --port 8080
The private key never goes to the server: this bundle holds only the public key (study.pub).
`;

/** The bundle's bytes, or what `portas deploy` said was wrong. */
export function deployBundle(ws: string, id: string, options: { readonly store: 'sqlite' | 'postgres'; readonly port: number }): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problems: string }> {
  const work = mkdtempSync(join(tmpdir(), 'portas-bundle-'));
  const out = join(work, `portas-${id}`);
  return new Promise((resolve) => {
    // The same command a researcher would run in a terminal: one way to make a deployment.
    execFile(process.execPath, [PORTAS, 'deploy', studyDir(ws, id), '--out', out, '--store', options.store, '--port', String(options.port)], { encoding: 'utf8' }, (error, _stdout, stderr) => {
      try {
        if (error !== null) {
          resolve({ ok: false, problems: stderr.trim() === '' ? error.message : stderr.trim() });
          return;
        }
        writeFileSync(join(out, 'COMMANDS.txt'), commands(id, options.store === 'sqlite' ? 'sqlite:/var/lib/portas/store.sqlite' : 'postgres://portas@/portas?host=/var/run/postgresql'));
        resolve({ ok: true, bytes: tarGz(out, `portas-${id}`) });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
