// The deploy bundle: the Study API's deployment of this study (no secret), plus the commands, as one .tar.gz.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { makeDeployBundle } from '../../study/index.ts';
import { studyDir } from '../workspace.ts';
import { tarGz } from './tar-gz.ts';

const commands = (id: string, store: string, next: readonly string[]): string => `How to run study ${id} on a server (step by step: docs/deploy.md)

${next.map((s, i) => `${String(i + 1)}. ${s}`).join('\n')}

Then, on the server:
  The onion address:                 cat /var/lib/tor/portas/hostname
  (put it in the studio: Fieldwork → Settings → onion address, so thank-you pages show it)
  Seed coupons and a researcher token:
     portas coupons seed /etc/portas/studies/${id} --n 12 --sheet seeds.html --store ${store}
     portas token add ${id} --label studio --store ${store}
  Give the token to the studio (Fieldwork → Researcher token); print seeds.html, then delete it.

To try it on this computer first:    portas serve studies/${id} --store sqlite:try.sqlite --port 8080
The private key never goes to the server: this bundle holds only the public key (study.pub).
`;

/** The bundle's bytes, or what is wrong (each problem located). */
export async function deployBundle(ws: string, id: string, options: { readonly store: 'sqlite' | 'postgres'; readonly port: number }): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problems: string }> {
  const work = mkdtempSync(join(tmpdir(), 'portas-bundle-'));
  const out = join(work, `portas-${id}`);
  try {
    const made = await makeDeployBundle([studyDir(ws, id)], out, { store: options.store, port: options.port });
    if (!made.ok) return { ok: false, problems: made.error.map((d) => formatDiagnostic(d)).join('\n') };
    const store = options.store === 'sqlite' ? 'sqlite:/var/lib/portas/store.sqlite' : 'postgres://portas@/portas?host=/var/run/postgresql';
    writeFileSync(join(out, 'COMMANDS.txt'), commands(id, store, made.value.nextSteps));
    return { ok: true, bytes: tarGz(out, `portas-${id}`) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
