// Several `portas serve` processes on one machine over one store, for the server bench: started one after another so
// they share the form keys through the store (the first makes one at its first page, the others read it at start),
// with their CPU read from /proc so it can be charged to the completed submissions.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Instances {
  readonly urls: readonly string[];
  /** CPU milliseconds the instances have used so far (user + system, all threads). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Linux reports process CPU in clock ticks; 100 a second on every architecture Debian ships. */
const TICKS_PER_SECOND = 100;

function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function startOne(studyDir: string, store: string, stateDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/portas.js', 'serve', studyDir, '--store', store, '--port', '0', '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer): void => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        // From here on only the request log comes (method, route, status): read and dropped.
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`portas serve exited with ${String(code)}: ${out}`));
    });
  });
  return { child, url };
}

export async function startInstances(n: number, studyDir: string, study: string, store: string, stateDir: string): Promise<Instances> {
  const started: { child: ChildProcess; url: string }[] = [];
  const first = await startOne(studyDir, store, stateDir);
  started.push(first);
  await (await fetch(`${first.url}/s/${study}`)).text(); // makes and saves the first form key
  for (let i = 1; i < n; i++) started.push(await startOne(studyDir, store, stateDir));
  return {
    urls: started.map((s) => s.url),
    cpuMs: () => started.reduce((sum, s) => sum + cpuMsOf(s.child.pid ?? 0), 0),
    stop: async () => {
      await Promise.all(started.map((s) => new Promise<void>((resolve) => {
        s.child.once('exit', () => {
          resolve();
        });
        s.child.kill('SIGTERM');
      })));
    },
  };
}
