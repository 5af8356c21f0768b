// Test helpers for several `portas serve` processes over one store: start them, and a respondent whose every request
// goes to the next live instance (a round-robin proxy in the client), retried on another when an instance is gone.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export interface Instance {
  readonly child: ChildProcess;
  readonly url: string;
  /** The last lines the instance wrote to stderr (warnings; never request data). */
  stderr(): string;
}

let compiled: string | undefined;

/**
 * The `portas` command compiled once by esbuild (the compiler tsx runs per file) into the worktree's ignored tmp/
 * folder, where node_modules resolves: three instances starting through tsx at once spent most of a minute compiling
 * the same sources on a loaded two-core machine. Same sources, same `main`; removed when this process exits.
 */
function compiledCli(): string {
  if (compiled !== undefined) return compiled;
  const out = new URL('../../tmp/', import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  const outfile = join(out, `portas-cli-${String(process.pid)}.mjs`);
  const root = new URL('../../', import.meta.url).pathname;
  const contents = "import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n";
  buildSync({ stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'portas-cli.ts' }, bundle: true, platform: 'node', format: 'esm', outfile, packages: 'external', logLevel: 'error' });
  process.once('exit', () => {
    rmSync(outfile, { force: true });
  });
  compiled = outfile;
  return outfile;
}

export async function startInstance(studyDir: string, store: string, stateDir: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--max-http-header-size=262144', compiledCli(), 'serve', studyDir, '--store', store, '--port', '0', '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  // Up to two minutes: three instances compiling their TypeScript at once on a loaded two-core machine.
  for (let i = 0; i < 2400; i++) {
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (url !== undefined) {
      // Only the request log follows (method, route, status): kept from filling the pipe, then dropped.
      out = '';
      child.stdout.on('data', () => (out = ''));
      return { child, url, stderr: () => err };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`portas serve did not start: ${out} ${err}`);
}

/** Ends an instance with SIGTERM (the graceful stop and its final reshuffle) and waits for it. */
export function stopInstance(i: Instance): Promise<number | null> {
  if (i.child.exitCode !== null) return Promise.resolve(i.child.exitCode);
  return new Promise((resolve) => {
    i.child.once('exit', (code) => {
      resolve(code);
    });
    i.child.kill('SIGTERM');
  });
}

export interface Answer {
  readonly status: number;
  readonly html: string;
  readonly location: string | null;
  readonly instance: string;
}

/** Round robin over the instances still alive; a failed request goes to the next one, as a proxy would send it. */
export class Spreader {
  private next = 0;
  readonly dead = new Set<string>();
  /** Requests sent again to another instance after theirs failed (the instance was killed). */
  retried = 0;
  /** Which instance served each step, to show that paths did move between instances. */
  readonly served: string[] = [];

  /** Why requests failed, for the report (e.g. a refused connection to the killed instance). */
  readonly errors = new Map<string, number>();

  /** `alive` is the proxy's health check: an instance whose request failed leaves the rotation only once it is down. */
  constructor(
    private readonly urls: readonly string[],
    private readonly alive: (url: string) => boolean,
  ) {}

  /** The answer read whole (a body cut by a killed instance counts as its failure, and is asked again elsewhere). */
  async request(path: string, init: RequestInit = {}): Promise<Answer> {
    for (let attempt = 0; attempt < 4 * this.urls.length; attempt++) {
      const live = this.urls.filter((u) => !this.dead.has(u));
      const base = live[this.next++ % live.length];
      if (base === undefined) throw new Error('no instance left');
      try {
        const r = await fetch(`${base}${path}`, { ...init, redirect: 'manual' });
        const answer = { status: r.status, html: await r.text(), location: r.headers.get('location'), instance: base };
        this.served.push(base);
        return answer;
      } catch (e) {
        const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : 'unknown';
        this.errors.set(cause, (this.errors.get(cause) ?? 0) + 1);
        if (!this.alive(base)) this.dead.add(base);
        this.retried += 1;
      }
    }
    throw new Error(`${path}: every instance failed`);
  }
}

const hidden = (html: string, name: string): string | undefined => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/**
 * One respondent: the entry page, the coupon, every page answered with `answer` in each text field, each request
 * (and each redirect) to the next instance. Returns the codes shown on the thank-you page.
 */
export async function respondent(spread: Spreader, study: string, coupon: string, answer: string, headers: Record<string, string>): Promise<{ codes: string[]; instances: Set<string> }> {
  const instances = new Set<string>();
  const take = async (r: Promise<Answer>): Promise<Answer> => {
    const a = await r;
    instances.add(a.instance);
    return a;
  };
  const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const entry = await take(spread.request(`/s/${study}`, { headers }));
  let step = await take(spread.request(`/s/${study}/start`, form({ token: hidden(entry.html, 'token') ?? '', coupon, nav: 'start' })));
  for (let n = 0; n < 20; n++) {
    if (step.status === 303 && step.location !== null) {
      step = await take(spread.request(step.location, { headers }));
      continue;
    }
    if (step.status !== 200) throw new Error(`status ${String(step.status)}: ${step.html.slice(0, 200)}`);
    const codes = [...step.html.matchAll(/<li class="coupon">([^<]+)<\/li>/g)].map((m) => m[1] ?? '');
    if (/class="coupon"|Thank you/.test(step.html)) return { codes, instances };
    const state = hidden(step.html, 'state');
    if (state === undefined) throw new Error(`a page without a form: ${step.html.slice(0, 300)}`);
    const fields: Record<string, string> = { state, nav: 'next' };
    for (const m of step.html.matchAll(/<textarea[^>]* name="(q_[a-z_]+)"|<input[^>]* type="text"[^>]* name="(q_[a-z_]+)"/g)) fields[m[1] ?? m[2] ?? ''] = answer;
    step = await take(spread.request(`/s/${study}/page`, form(fields)));
  }
  throw new Error('the path did not end');
}

/** The top of a small one-language test instrument, up to `sections:`. */
export const instrumentHead = (study: string, title: string): string => `study: ${study}
version: "1"
languages: [en]
title: { en: "${title}" }
texts:
  intro: { en: "Anonymous." }
  skip_reminder: { en: "Skip anything." }
  stop_reminder: { en: "Stop any time." }
  thanks: { en: "Thank you." }
sections:
`;

/** A two-page study with one free text on each page (the answer carries a respondent's marker). */
export const twoPageInstrument = (study: string): string => `${instrumentHead(study, 'Spread')}  - name: one
    title: { en: "One" }
    items:
      - { name: said, type: text, label: { en: "Anything to say?" }, max_length: 60 }
  - name: two
    title: { en: "Two" }
    items:
      - { name: more, type: text, label: { en: "Anything more?" }, max_length: 60 }
`;
