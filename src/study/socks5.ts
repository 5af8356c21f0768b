// A SOCKS5 client (RFC 1928, no authentication, CONNECT only) for reaching onion services through Tor.

import { connect, type Socket } from 'node:net';

/** Where the proxy listens, e.g. Tor's 127.0.0.1:9050. */
export interface SocksProxy {
  readonly host: string;
  readonly port: number;
}

/** Parses `HOST:PORT` (an IPv6 host in brackets); undefined when it is not one. */
export function parseSocksProxy(text: string): SocksProxy | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim().replace(/^socks5h?:\/\//, ''));
  const port = Number(m?.[3]);
  const host = m?.[1] ?? m?.[2];
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

const REPLIES: Readonly<Record<number, string>> = {
  1: 'general failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable (an onion service that is not up, or a mistyped address)',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** Bytes the reply to CONNECT takes, once its first five bytes are in; undefined while unknown. */
function replyLength(head: Uint8Array): number | undefined {
  if (head.length < 5) return undefined;
  const atyp = head[3];
  if (atyp === 1) return 4 + 4 + 2;
  if (atyp === 4) return 4 + 16 + 2;
  if (atyp === 3) return 4 + 1 + (head[4] ?? 0) + 2;
  return -1;
}

/**
 * Opens a TCP tunnel to `host:port` through the proxy. The host name goes to the proxy unresolved (socks5h: an onion
 * address can only be resolved by Tor, and a local DNS query for it would leak what the researcher visits).
 */
export function socksConnect(proxy: SocksProxy, host: string, port: number, timeoutMs = 60_000): Promise<Socket> {
  const name = new TextEncoder().encode(host);
  if (name.length === 0 || name.length > 255) return Promise.reject(new Error(`SOCKS5: host name '${host}' must be 1–255 bytes`));
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, proxy.host);
    let stage: 'greeting' | 'connect' | 'done' = 'greeting';
    let buffered = new Uint8Array(0);
    const fail = (why: string): void => {
      if (stage === 'done') return;
      stage = 'done';
      socket.destroy();
      reject(new Error(`SOCKS5 proxy ${proxy.host}:${String(proxy.port)}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => {
      fail('no answer in time');
    });
    socket.on('error', (e) => {
      fail(e.message);
    });
    socket.on('close', () => {
      fail('closed the connection');
    });
    socket.on('connect', () => {
      socket.write(Uint8Array.of(5, 1, 0));
    });
    const onData = (chunk: Uint8Array): void => {
      const why = step(chunk);
      if (why !== undefined) fail(why);
    };
    /** Feeds the handshake; returns why it failed, if it did. */
    const step = (chunk: Uint8Array): string | undefined => {
      const joined = new Uint8Array(buffered.length + chunk.length);
      joined.set(buffered);
      joined.set(chunk, buffered.length);
      buffered = joined;
      if (stage === 'greeting') {
        if (buffered.length < 2) return undefined;
        if (buffered[0] !== 5) return 'not a SOCKS5 proxy';
        if (buffered[1] !== 0) return 'it asks for authentication, which portas does not send';
        buffered = buffered.subarray(2);
        stage = 'connect';
        const request = new Uint8Array(7 + name.length);
        request.set([5, 1, 0, 3, name.length]);
        request.set(name, 5);
        request[5 + name.length] = port >> 8;
        request[6 + name.length] = port & 0xff;
        socket.write(request);
      }
      if (stage === 'connect') {
        if (buffered.length >= 2 && buffered[0] === 5 && buffered[1] !== 0) return REPLIES[buffered[1] ?? 1] ?? `error ${String(buffered[1])}`;
        const need = replyLength(buffered);
        if (need === undefined) return undefined;
        if (need < 0) return 'malformed reply';
        if (buffered.length < need) return undefined;
        if (buffered[0] !== 5) return 'malformed reply';
        const rest = buffered.subarray(need);
        stage = 'done';
        socket.removeListener('data', onData);
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        socket.removeAllListeners('timeout');
        socket.setTimeout(0);
        // Whatever the target sent already belongs to the caller's protocol; paused until the caller reads.
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        resolve(socket);
      }
      return undefined;
    };
    socket.on('data', onData);
  });
}
