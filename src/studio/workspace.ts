// Where the studio keeps things: one workspace folder holding the studies, their keys, pulled data, reports, exports.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A study id as the instrument names it: also a folder name, so nothing that could climb out of the workspace. */
export const isStudyId = (id: string): boolean => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(id);

const checked = (id: string): string => {
  if (!isStudyId(id)) throw new Error(`not a study id: ${JSON.stringify(id)}`);
  return id;
};

/** The study folder as it goes to the server: instrument.yaml, study.pub, study.yaml — never a secret. */
export const studyDir = (ws: string, id: string): string => join(ws, 'studies', checked(id));
/** The passphrase-protected private key: outside the study folder, which is copied to the server. */
export const keyFile = (ws: string, id: string): string => join(ws, 'keys', `${checked(id)}.key`);
/** Tokens and other secrets the studio keeps (mode 0700). */
export function secretsDir(ws: string): string {
  const dir = join(ws, 'secrets');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}
/** Everything the studio makes for a study besides the study folder itself. */
export const dataDir = (ws: string, id: string): string => join(ws, 'data', checked(id));
export const pulledDir = (ws: string, id: string): string => join(dataDir(ws, id), 'pulled');
export const datasetDir = (ws: string, id: string): string => join(dataDir(ws, id), 'dataset');
export const reportDir = (ws: string, id: string): string => join(dataDir(ws, id), 'report');
export const exportsDir = (ws: string, id: string): string => join(dataDir(ws, id), 'exports');

/** The studies in the workspace: every folder under studies/ holding an instrument.yaml, sorted. */
export function studyIds(ws: string): string[] {
  const root = join(ws, 'studies');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((id) => isStudyId(id) && existsSync(join(root, id, 'instrument.yaml')) && statSync(join(root, id)).isDirectory())
    .sort();
}

/** How the studio reaches the study's public server: through the researcher API only. */
export interface ServerConnection {
  /** e.g. `http://127.0.0.1:8080` or `http://xyz.onion`. */
  readonly url: string;
  /** The file holding the researcher token (under secretsDir; the token itself is never in this record). */
  readonly tokenFile: string;
  /** A SOCKS5 proxy such as Tor's, `socks5h://127.0.0.1:9050`, for onion services. */
  readonly socksProxy?: string;
}

const connectionFile = (ws: string, id: string): string => join(dataDir(ws, id), 'server.json');

export function getServerConnection(ws: string, id: string): ServerConnection | undefined {
  const file = connectionFile(ws, id);
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown; tokenFile?: unknown; socksProxy?: unknown };
  if (typeof raw.url !== 'string' || typeof raw.tokenFile !== 'string') return undefined;
  return typeof raw.socksProxy === 'string' && raw.socksProxy !== '' ? { url: raw.url, tokenFile: raw.tokenFile, socksProxy: raw.socksProxy } : { url: raw.url, tokenFile: raw.tokenFile };
}

/** Saves the connection; with `token`, writes it to secrets/<id>.token (0600) and points the record there. */
export function setServerConnection(ws: string, id: string, connection: { readonly url: string; readonly token?: string; readonly tokenFile?: string; readonly socksProxy?: string }): ServerConnection {
  mkdirSync(dataDir(ws, id), { recursive: true });
  let tokenFile = connection.tokenFile ?? join(secretsDir(ws), `${checked(id)}.token`);
  if (connection.token !== undefined) {
    tokenFile = join(secretsDir(ws), `${checked(id)}.token`);
    writeFileSync(tokenFile, `${connection.token}\n`, { mode: 0o600 });
    chmodSync(tokenFile, 0o600);
  }
  const saved: ServerConnection = connection.socksProxy === undefined || connection.socksProxy === '' ? { url: connection.url, tokenFile } : { url: connection.url, tokenFile, socksProxy: connection.socksProxy };
  writeFileSync(connectionFile(ws, id), `${JSON.stringify(saved, null, 1)}\n`);
  return saved;
}

/** The researcher token of a connection, or undefined when its file is gone. */
export function readServerToken(connection: ServerConnection): string | undefined {
  return existsSync(connection.tokenFile) ? readFileSync(connection.tokenFile, 'utf8').trim() : undefined;
}
