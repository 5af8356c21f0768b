// The server bench's load client, run in its own process (so it does not compete with the server's event loop):
// respondents walk the flagship questionnaire over HTTP, either as many as fast as possible with a fixed number at
// once (closed loop: capacity) or arriving at a fixed rate (open loop: latency at a given load).

import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';

/**
 * `urls`: one per server instance; requests go to them in turn, so one respondent's pages land on different instances.
 * An open loop runs `seconds`, or until the parent sends 'stop' (then the respondents already arrived finish).
 */
export type LoadPlan =
  | { readonly mode: 'closed'; readonly urls: readonly string[]; readonly study: string; readonly respondents: number; readonly concurrency: number }
  | { readonly mode: 'open'; readonly urls: readonly string[]; readonly study: string; readonly perSecond: number; readonly seconds: number };

/** One page request: when it began (Unix ms, so the parent process can line it up with its own events), its ms, its place. */
export type Timed = readonly [startedAt: number, ms: number, place: string];

export interface LoadResult {
  readonly completed: number;
  readonly requests: number;
  readonly failed: number;
  /** The first distinct reasons respondents failed (status and route, never data). */
  readonly reasons: readonly string[];
  readonly seconds: number;
  /** Every page request (GET and POST), in milliseconds, sorted. */
  readonly pageMs: readonly number[];
  /** The final POST only (seal + durable store + thank-you page), sorted. */
  readonly finalMs: readonly number[];
  /** Each page of the path by its place in it ("1 GET entry", "2 POST start", … the final POST last), sorted. */
  readonly byPage: Readonly<Record<string, readonly number[]>>;
  /** This process's own CPU time, to show the client was not the bottleneck. */
  readonly clientCpuMs: number;
  /** Every page request in the order they began (open loop only: to pick out those during a reshuffle). */
  readonly timeline: readonly Timed[];
}

const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/**
 * Kept-alive connections, as a browser keeps them. Node's http client, not fetch: on this two-core machine the client's
 * CPU is taken from the server: fetch used 67 % of a core at capacity, this 31–35 %.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One page as a browser gets it: gzip accepted (so the server pads and compresses as for a respondent), and a POST's
 * redirect followed with a GET (Post/Redirect/Get), as fetch did.
 */
async function send(url: string, fields: Record<string, string> | undefined): Promise<{ status: number; html: string }> {
  const first = await exchange(url, fields);
  const location = first.location;
  if (first.status !== 303 || location === undefined) return first;
  return exchange(new URL(location, url).toString(), undefined);
}

function exchange(url: string, fields: Record<string, string> | undefined): Promise<{ status: number; html: string; location?: string }> {
  const body = fields === undefined ? undefined : new URLSearchParams(fields).toString();
  const headers: Record<string, string | number> = { 'accept-encoding': 'gzip' };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          const html = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ status: res.statusCode ?? 0, html, ...(res.headers.location === undefined ? {} : { location: res.headers.location }) });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runPlan(plan: LoadPlan): Promise<LoadResult> {
  const pageMs: number[] = [];
  const byPage: Record<string, number[]> = {};
  const finalMs: number[] = [];
  let requests = 0;
  let failed = 0;
  const reasons: string[] = [];
  let completed = 0;
  let turn = 0;
  const timeline: Timed[] = [];
  const stop = { now: false };
  process.on('message', (m) => {
    if (m === 'stop') stop.now = true;
  });
  const timed = async (path: string, fields?: Record<string, string>, place?: string): Promise<{ html: string; ms: number }> => {
    const url = plan.urls[turn++ % plan.urls.length] ?? '';
    const t = performance.now();
    const startedAt = Date.now();
    const r = await send(`${url}${path}`, fields);
    const html = r.html;
    const ms = performance.now() - t;
    requests += 1;
    pageMs.push(ms);
    if (plan.mode === 'open') timeline.push([startedAt, ms, place ?? '']);
    if (place !== undefined) (byPage[place] ??= []).push(ms);
    if (r.status !== 200) throw new Error(`HTTP ${String(r.status)} on ${path}`);
    return { html, ms };
  };
  const respondent = async (): Promise<void> => {
    try {
      const base = `/s/${plan.study}`;
      const entry = await timed(base, undefined, '01 GET entry');
      let page = await timed(`${base}/start`, { token: hidden(entry.html, 'token'), nav: 'start' }, '02 POST start');
      page = await timed(`${base}/page`, { state: hidden(page.html, 'state'), nav: 'next', q_sex: '2', q_age: '35', q_city: '1' }, '03 POST page 1');
      for (let guard = 0; guard < 30; guard++) {
        const last = page.html.includes('name="q_add_anything"');
        page = await timed(`${base}/page`, { state: hidden(page.html, 'state'), nav: 'next' }, last ? '99 POST final (seal, store)' : `${String(guard + 4).padStart(2, '0')} POST page ${String(guard + 2)}`);
        if (last) {
          if (!page.html.includes('class="coupon"')) throw new Error('no thank-you page');
          finalMs.push(page.ms);
          completed += 1;
          return;
        }
      }
      throw new Error('never reached the last page');
    } catch (e) {
      failed += 1;
      const reason = e instanceof Error ? e.message.slice(0, 80) : 'unknown';
      if (reasons.length < 3 && !reasons.includes(reason)) reasons.push(reason);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (plan.mode === 'closed') {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < plan.respondents) {
        next += 1;
        await respondent();
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
  } else {
    // The parent times the reshuffle from here: the child's own start (tsx, imports) takes seconds on a busy machine.
    process.send?.('ready');
    const running: Promise<void>[] = [];
    const total = Math.round(plan.perSecond * plan.seconds);
    for (let i = 0; i < total && !stop.now; i++) {
      const due = t0 + (i * 1000) / plan.perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      running.push(respondent());
    }
    await Promise.all(running);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sort = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  return { completed, requests, failed, reasons, seconds, pageMs: sort(pageMs), finalMs: sort(finalMs), byPage: Object.fromEntries(Object.entries(byPage).map(([k, v]) => [k, sort(v)])), clientCpuMs: (cpu.user + cpu.system) / 1000, timeline };
}

// Run as a child: the plan comes as the first argument, the result goes back over the IPC channel.
if (process.send !== undefined) {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  const result = await runPlan(plan);
  process.send(result, () => {
    process.exit(0);
  });
}
