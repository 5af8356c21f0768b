// The options `portas pull` and `portas monitor` share to reach a running server: --server, --study, the token (a
// file or PORTAS_TOKEN, never an argument, so it stays out of the shell history) and an optional SOCKS proxy (Tor).

import { readFileSync } from 'node:fs';
import { parseSocksProxy, type SocksProxy } from '../study/socks5.ts';
import type { Command } from './command.ts';

export const SERVER_ACCESS_OPTIONS = { server: { type: 'string' }, study: { type: 'string' }, 'token-file': { type: 'string' }, socks: { type: 'string' } } as const;

export interface ServerAccess {
  readonly server: string;
  readonly study: string;
  readonly token: string;
  readonly socks?: SocksProxy;
}

interface ServerAccessValues {
  readonly server?: string | undefined;
  readonly study?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly socks?: string | undefined;
}

/** The server, study, token and proxy, or undefined after printing what is missing or malformed (exit 2). */
export function readServerAccess(command: Command, values: ServerAccessValues): ServerAccess | undefined {
  const token = values['token-file'] === undefined ? process.env['PORTAS_TOKEN'] : readFileSync(values['token-file'], 'utf8').trim();
  if (values.server === undefined || values.study === undefined || token === undefined) {
    console.error(`usage: portas ${command.usage} (or the token in PORTAS_TOKEN)`);
    return undefined;
  }
  if (values.socks === undefined) return { server: values.server, study: values.study, token };
  const socks = parseSocksProxy(values.socks);
  if (socks === undefined) {
    console.error(`portas ${command.name}: --socks '${values.socks}' is not HOST:PORT (Tor's is 127.0.0.1:9050)`);
    return undefined;
  }
  return { server: values.server, study: values.study, token, socks };
}
