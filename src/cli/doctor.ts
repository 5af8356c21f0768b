// `portas doctor`: checks, on the server, what the privacy promise depends on and says what is wrong with each — the
// store's settings (doctor-store.ts, also run by `portas serve` at start-up) and, where `portas deploy` installed
// the service, everything it promised (doctor-unit.ts, doctor-deployment.ts). ok / warning / failed, or --json.

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { DEPLOYED, diagnoseDeployment, servedBy, under } from './doctor-deployment.ts';
import { asJson, formatFindings, summary, type Finding } from './doctor-finding.ts';
import { diagnose } from './doctor-store.ts';

export type { Finding } from './doctor-finding.ts';
export { diagnose, judgePostgres } from './doctor-store.ts';

const USAGE = 'doctor [--store URL] [--store-key FILE] [--state-dir DIR] [--deployment | --store-only] [--root DIR] [--url URL] [--json]';

interface Options {
  readonly store?: string | undefined;
  readonly storeKey?: string | undefined;
  readonly stateDir?: string | undefined;
  readonly root: string;
  readonly deployment: boolean;
  readonly storeOnly: boolean;
  readonly url?: string | undefined;
}

/** Every finding: the deployment's (when installed here, or asked for) and the store's, read from the unit when not given. */
export async function examine(o: Options): Promise<Finding[]> {
  const unitPath = under(o.root, DEPLOYED.unit);
  const deployed = !o.storeOnly && (o.deployment || existsSync(unitPath));
  const served = deployed && existsSync(unitPath) ? servedBy(readFileSync(unitPath, 'utf8')) : {};
  // The unit's paths are the server's: under --root they are read inside that copy.
  const fromUnit = (path: string | undefined): string | undefined => (path === undefined ? undefined : under(o.root, path));
  const unitStore = served.store?.startsWith('sqlite:') ? `sqlite:${fromUnit(served.store.slice('sqlite:'.length)) ?? ''}` : served.store;
  const store = o.store ?? unitStore ?? 'sqlite:portas.sqlite';
  const stateDir = o.stateDir ?? fromUnit(served.stateDir) ?? 'portas-state';
  const findings = await diagnose({ store, stateDir, ...(o.storeKey === undefined ? {} : { storeKey: o.storeKey }) });
  if (!deployed) return findings;
  return [...(await diagnoseDeployment({ root: o.root, ...(o.url === undefined ? {} : { url: o.url }) })), ...findings];
}

export const doctorCommand: Command = {
  name: 'doctor',
  usage: USAGE,
  summary: 'check a running deployment and the store settings the privacy promise depends on, and say what is wrong',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        store: { type: 'string' },
        'store-key': { type: 'string' },
        'state-dir': { type: 'string' },
        deployment: { type: 'boolean', default: false },
        'store-only': { type: 'boolean', default: false },
        root: { type: 'string', default: '/' },
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const findings = await examine({
      store: values.store, storeKey: values['store-key'], stateDir: values['state-dir'], root: values.root,
      deployment: values.deployment, storeOnly: values['store-only'], url: values.url,
    });
    const failed = findings.some((f) => f.level === 'failed');
    if (values.json) console.log(JSON.stringify({ ok: !failed, findings: findings.map(asJson) }, null, 2));
    else console.log(`${formatFindings(findings)}\n${summary(findings)}`);
    return failed ? 1 : 0;
  },
};
