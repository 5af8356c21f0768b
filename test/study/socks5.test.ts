// The SOCKS5 client against a tiny SOCKS5 server written here: host names go to the proxy unresolved (socks5h).

import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { apiGet } from '../../src/study/monitor-client.ts';
import { parseSocksProxy, socksConnect } from '../../src/study/socks5.ts';

/** What the proxy was asked for, and a way to refuse or to insist on authentication. */
const asked: { host: string; port: number }[] = [];
let behaviour: 'ok' | 'auth' | 'unreachable' = 'ok';
let targetPort = 0;

/** RFC 1928 server side: greeting, CONNECT with a domain name, then bytes both ways to the local HTTP server. */
function socksServer(): Server {
  return createServer((client: Socket) => {
    let buf = Buffer.alloc(0);
    let stage = 0;
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 0 && buf.length >= 3) {
        assert.equal(buf[0], 5);
        client.write(Buffer.from([5, behaviour === 'auth' ? 0xff : 0]));
        buf = buf.subarray(2 + (buf[1] ?? 0));
        stage = 1;
      }
      if (stage === 1 && buf.length >= 5) {
        assert.deepEqual([buf[0], buf[1], buf[3]], [5, 1, 3], 'CONNECT by domain name');
        const len = buf[4] ?? 0;
        if (buf.length < 5 + len + 2) return;
        const host = buf.subarray(5, 5 + len).toString('utf8');
        const port = buf.readUInt16BE(5 + len);
        asked.push({ host, port });
        buf = buf.subarray(7 + len);
        stage = 2;
        client.removeListener('data', onData);
        if (behaviour === 'unreachable') {
          client.end(Buffer.from([5, 4, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const upstream = connect(targetPort, '127.0.0.1', () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          if (buf.length > 0) upstream.write(buf);
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
      }
    };
    client.on('data', onData);
    client.on('error', () => undefined);
  });
}

const target = createHttpServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization, host: req.headers.host }));
});
const proxy = socksServer();
let proxyPort = 0;

before(async () => {
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetPort = (target.address() as AddressInfo).port;
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyPort = (proxy.address() as AddressInfo).port;
});

after(() => {
  target.close();
  proxy.close();
});

test('parseSocksProxy reads HOST:PORT, [v6]:PORT and socks5h:// and refuses the rest', () => {
  assert.deepEqual(parseSocksProxy('127.0.0.1:9050'), { host: '127.0.0.1', port: 9050 });
  assert.deepEqual(parseSocksProxy('socks5h://localhost:9150'), { host: 'localhost', port: 9150 });
  assert.deepEqual(parseSocksProxy('[::1]:9050'), { host: '::1', port: 9050 });
  assert.equal(parseSocksProxy('127.0.0.1'), undefined);
  assert.equal(parseSocksProxy('127.0.0.1:99999'), undefined);
});

test('an onion address goes to the proxy unresolved, and HTTP runs through the tunnel with the token', async () => {
  behaviour = 'ok';
  asked.length = 0;
  const onion = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion';
  const answer = (await apiGet({ url: `http://${onion}:${String(targetPort)}`, study: 's1', token: 'x'.repeat(40), socks: { host: '127.0.0.1', port: proxyPort } }, '/monitor')) as { path: string; auth: string; host: string };
  assert.deepEqual(asked, [{ host: onion, port: targetPort }]);
  assert.equal(answer.path, '/api/v1/studies/s1/monitor');
  assert.equal(answer.auth, `Bearer ${'x'.repeat(40)}`);
  assert.equal(answer.host, `${onion}:${String(targetPort)}`);
});

test('a proxy that refuses says why, in words', async () => {
  behaviour = 'unreachable';
  await assert.rejects(socksConnect({ host: '127.0.0.1', port: proxyPort }, 'nowhere.onion', 80), /host unreachable/);
  behaviour = 'auth';
  await assert.rejects(socksConnect({ host: '127.0.0.1', port: proxyPort }, 'nowhere.onion', 80), /authentication/);
  behaviour = 'ok';
});

test('no proxy listening is an error, not a hang', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => { r(); }));
  await assert.rejects(socksConnect({ host: '127.0.0.1', port }, 'x.onion', 80), /SOCKS5 proxy 127\.0\.0\.1/);
});
