// Asking for a passphrase: from a file or PORTAS_PASSPHRASE for scripts, else at the terminal without echo.

import { readFileSync } from 'node:fs';

export type PassphraseResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

/** New key files need this much; a passphrase guards a key that opens every response of a study. */
export const MIN_NEW_PASSPHRASE_LENGTH = 12;

/**
 * The passphrase, in this order: `--passphrase-file FILE` (its first line), env PORTAS_PASSPHRASE, the
 * terminal. `confirm` asks twice and enforces the minimum length (for new key files).
 */
export async function getPassphrase(options: {
  readonly file: string | undefined;
  readonly prompt: string;
  readonly confirm: boolean;
}): Promise<PassphraseResult> {
  let value: string | undefined;
  if (options.file !== undefined) {
    try {
      value = readFileSync(options.file, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch {
      return { ok: false, error: `cannot read the passphrase file ${options.file}` };
    }
  } else if (process.env['PORTAS_PASSPHRASE'] !== undefined) {
    value = process.env['PORTAS_PASSPHRASE'];
  } else {
    if (!process.stdin.isTTY) {
      return { ok: false, error: 'no terminal to ask for the passphrase: give --passphrase-file FILE or set PORTAS_PASSPHRASE' };
    }
    value = await askHidden(`${options.prompt}: `);
    if (value === undefined) return { ok: false, error: 'cancelled' };
    if (options.confirm) {
      const again = await askHidden('Repeat it: ');
      if (again !== value) return { ok: false, error: 'the two passphrases differ' };
    }
  }
  if (options.confirm && Array.from(value).length < MIN_NEW_PASSPHRASE_LENGTH) {
    return { ok: false, error: `the passphrase must have at least ${MIN_NEW_PASSPHRASE_LENGTH} characters (five random words are a good one)` };
  }
  if (value === '') return { ok: false, error: 'empty passphrase' };
  return { ok: true, value };
}

/** Reads one line from the terminal in raw mode, echoing nothing; undefined on Ctrl-C or Ctrl-D. */
function askHidden(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | undefined): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          finish(typed);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish(undefined);
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
