// The shape of one CLI sub-command.

export interface Command {
  readonly name: string;
  /** One-line synopsis, e.g. `check PATH...`. */
  readonly usage: string;
  readonly summary: string;
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}
