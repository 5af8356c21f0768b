// How the CLI shows the Study API's problems: one line each, file:line:col first, prefixed by the command.

import { formatDiagnostic, type Diagnostic } from '../core/diagnostic.ts';

/** Prints each problem on stderr as `portas COMMAND: file:line:col: error: …`; returns `exit` for the caller to return. */
export function printProblems(command: string, problems: readonly Diagnostic[], exit = 1): number {
  for (const d of problems) console.error(`portas ${command}: ${formatDiagnostic(d)}`);
  return exit;
}

/** Prints each problem; a problem with an option the API names by `subject` is said as the option: `--n must be …`. */
export function printOptionProblems(command: string, problems: readonly Diagnostic[]): number {
  const options = problems.every((d) => d.code === 'study.option' && d.position === undefined);
  for (const d of problems) console.error(options && d.subject !== undefined ? `portas ${command}: --${d.subject} ${d.message}` : `portas ${command}: ${formatDiagnostic(d)}`);
  return options ? 2 : 1;
}

/** `k/n` or `KofN` (e.g. 2/3, 2of3) as share counts, or undefined. */
export function parseShares(text: string): { k: number; n: number } | undefined {
  const m = /^(\d+)\s*(?:\/|of)\s*(\d+)$/i.exec(text.trim());
  return m === null ? undefined : { k: Number(m[1]), n: Number(m[2]) };
}
