// Runs a child process and samples the resident memory of its whole process tree (the child, its children,
// theirs), for `npm run bench -- scale`: a peak that counts helper processes, not only the one that reports.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Highest sum of VmRSS over the tree seen by sampling every 20 ms (0 where /proc cannot be read). */
  readonly treePeakMiB: number;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${String(pid)}/task`)) {
      const listed = readFileSync(`/proc/${String(pid)}/task/${task}/children`, 'utf8').trim();
      if (listed !== '') out.push(...listed.split(/\s+/).map(Number));
    }
  } catch {
    // The process ended between listing and reading: it has no children left to count.
  }
  return out;
}

function residentMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

/** Runs `command args` in `cwd`, sampling the tree's memory until it exits. */
export function runSampled(command: string, args: readonly string[], cwd: string): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    let peak = 0;
    const sample = (): void => {
      if (child.pid === undefined) return;
      const tree = [child.pid];
      for (let k = 0; k < tree.length; k++) tree.push(...childrenOf(tree[k] ?? 0));
      peak = Math.max(peak, tree.reduce((sum, pid) => sum + residentMiB(pid), 0));
    };
    const timer = setInterval(sample, 20);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearInterval(timer);
      resolve({ status, stdout, stderr, treePeakMiB: peak });
    });
  });
}
