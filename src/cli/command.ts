// The shape of one CLI sub-command, and the one way commands read their options.

import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  readonly name: string;
  /** One-line synopsis, e.g. `check PATH...`. */
  readonly usage: string;
  readonly summary: string;
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options and positional arguments of a command line. An unknown or malformed option throws node:util's
 * ERR_PARSE_ARGS_* error, which main() turns into a usage message and exit 2 (never a stack trace).
 */
export function readArgs<const O extends Options>(args: readonly string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
}
