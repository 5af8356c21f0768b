// `portas risk DATA_DIR`: prints how identifiable the respondents of a dataset are (aggregates only).

import { formatDiagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Result } from '../core/result.ts';
import type { Dataset } from '../analysis/dataset.ts';
import { disclosurePolicy, riskSummary, type DisclosurePolicy } from '../disclosure/index.ts';
import type { Command } from './command.ts';

/** Reads a dataset directory (the data package reader); passed in so this file stays a thin wrapper. */
export type LoadDataset = (dir: string) => Promise<Result<Dataset, readonly Diagnostic[]>>;

const USAGE = 'risk DATA_DIR [--k N] [--population N]';

/** Parses `DATA_DIR [--k N] [--population N]`; a message on bad input. */
export function parseRiskArgs(args: readonly string[]): { dir: string; policy: DisclosurePolicy } | string {
  let dir: string | undefined;
  const settings: { k?: number; populationSize?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--k' || a === '--population') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1) return `${a} needs a positive whole number`;
      if (a === '--k') settings.k = v;
      else settings.populationSize = v;
    } else if (a.startsWith('-')) return `unknown option '${a}'`;
    else if (dir === undefined) dir = a;
    else return `unexpected argument '${a}'`;
  }
  if (dir === undefined) return 'missing DATA_DIR';
  return { dir, policy: disclosurePolicy(settings) };
}

export function riskCommand(loadDataset: LoadDataset, out: (text: string) => void = (t) => process.stdout.write(t), errOut: (text: string) => void = (t) => process.stderr.write(t)): Command {
  return {
    name: 'risk',
    usage: USAGE,
    summary: 'Re-identification risk of a dataset (k-anonymity, l-diversity, individual risk)',
    async run(args) {
      if (args.includes('--help') || args.includes('-h')) {
        out(`usage: portas ${USAGE}\nAggregates only: never a key's values or a row number (docs/disclosure.md).\n`);
        return 0;
      }
      const parsed = parseRiskArgs(args);
      if (typeof parsed === 'string') {
        errOut(`portas risk: ${parsed}\nusage: portas ${USAGE}\n`);
        return 2;
      }
      const loaded = await loadDataset(parsed.dir);
      if (!loaded.ok) {
        for (const d of loaded.error) errOut(`${formatDiagnostic(d)}\n`);
        return 1;
      }
      out(riskSummary(loaded.value, parsed.policy));
      return 0;
    },
  };
}
