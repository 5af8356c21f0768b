// The researcher API's client: GETs with a bearer token over node:http/https, optionally through a SOCKS5 proxy.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { MonitorFigures } from '../sampling/monitor-figures.ts';
import { socksConnect, type SocksProxy } from './socks5.ts';

/** How to reach one study on a portas server. */
export interface ServerConnection {
  /** The server's base address, e.g. https://survey.example.org or http://xxxx.onion. */
  readonly url: string;
  readonly study: string;
  readonly token: string;
  /** Tor's SOCKS port (or another SOCKS5 proxy) when the server is an onion service. */
  readonly socks?: SocksProxy;
}

/** A refusal or failure worth showing as it is: the status (0 = no answer) and the server's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 256 * 1024 * 1024;

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.destroy(new Error('the answer is larger than any portas answer'));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => { resolve(Buffer.concat(chunks).toString('utf8')); });
    res.on('error', reject);
  });
}

/** GETs `path` below /api/v1/studies/STUDY and parses the JSON answer; a non-2xx answer is an ApiError. */
export async function apiGet(conn: ServerConnection, path: string, timeoutMs = 120_000): Promise<unknown> {
  let base: URL;
  try {
    base = new URL(conn.url);
  } catch {
    throw new ApiError(0, `'${conn.url}' is not an address (write it as https://… or http://….onion)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ApiError(0, `'${conn.url}': only http:// and https:// addresses`);
  const target = new URL(`${base.pathname.replace(/\/$/, '')}/api/v1/studies/${encodeURIComponent(conn.study)}${path}`, base);
  const secure = target.protocol === 'https:';
  const port = Number(target.port || (secure ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const tunnel = conn.socks === undefined ? undefined : await socksConnect(conn.socks, host, port, timeoutMs).catch((e: unknown) => {
    throw new ApiError(0, e instanceof Error ? e.message : String(e));
  });
  const options = {
    host,
    port,
    path: `${target.pathname}${target.search}`,
    method: 'GET',
    headers: { authorization: `Bearer ${conn.token}`, accept: 'application/json' },
    timeout: timeoutMs,
    ...(tunnel === undefined
      ? {}
      : {
          createConnection: () => {
            // The tunnel comes paused (nothing is lost before a reader is attached); HTTP or TLS read from it now.
            tunnel.resume();
            return secure ? tlsConnect({ socket: tunnel, servername: host }) : tunnel;
          },
        }),
  };
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(options, resolve);
    req.on('timeout', () => {
      req.destroy(new Error('no answer in time'));
    });
    req.on('error', (e) => { reject(new ApiError(0, `${target.host}: ${e.message}`)); });
    req.end();
  });
  const body = await readAll(res);
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    let message = body.slice(0, 300);
    try {
      const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
      message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : message;
    } catch {
      // not JSON: the first bytes as they are
    }
    throw new ApiError(status, `the server answered ${String(status)} for ${path.split('?')[0] ?? path}: ${message}`);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ApiError(status, `the server's answer for ${path.split('?')[0] ?? path} is not JSON: is ${conn.url} a portas server?`);
  }
}

/** The fieldwork monitor of one study (aggregates only; nothing is opened). */
export async function fetchMonitor(conn: ServerConnection): Promise<MonitorFigures> {
  const value = await apiGet(conn, '/monitor');
  if (typeof value !== 'object' || value === null || !('responses' in value) || !('tree' in value) || !('coupons' in value)) {
    throw new ApiError(200, `the server's monitor answer is not the expected shape: is it an older portas?`);
  }
  return value as MonitorFigures;
}
