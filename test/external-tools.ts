// The one policy for tests that need an outside tool: on CI a missing tool fails the run by name; elsewhere the
// test skips and says why (scripts/run-tests.js counts every skip and prints its reason).

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { test, type TestContext } from 'node:test';

/** The outside tools the suite uses; each one's Debian packages are in .ci/debian-packages. */
/** Plain commands, with the Debian package that brings each (.ci/debian-packages installs them). */
const COMMAND_PACKAGES = { python3: 'python3', unzip: 'unzip', sqlite3: 'sqlite3', pg_dump: 'postgresql-client', 'systemd-analyze': 'systemd', tor: 'tor', install: 'coreutils', w3m: 'w3m' } as const;
export type CommandTool = keyof typeof COMMAND_PACKAGES;

export type Tool = 'R' | 'Chromium' | 'PostgreSQL' | 'PgBouncer' | 'PSPP' | 'poppler' | 'age' | 'readstat' | CommandTool;

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Debian installs pgbouncer in /usr/sbin, which is not on every user's PATH. */
export const PGBOUNCER_PATH = '/usr/sbin/pgbouncer';

/** CI is on when `CI` is set to anything but "", "0" or "false" (`.ci/run` sets CI=true). */
export function onCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['CI'];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

function onPath(command: string): boolean {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function missingCommands(commands: readonly string[], debian: string): string | undefined {
  const absent = commands.filter((c) => !onPath(c));
  return absent.length === 0 ? undefined : `${absent.join(', ')} not on PATH (Debian ${debian})`;
}

const R_PACKAGES = ['survey', 'haven', 'foreign'];

function missingR(): string | undefined {
  const noR = missingCommands(['Rscript'], 'r-base-core');
  if (noR !== undefined) return noR;
  const probe = spawnSync('Rscript', ['-e', `cat(Filter(function(p) !nzchar(system.file(package = p)), c(${R_PACKAGES.map((p) => `"${p}"`).join(', ')})))`], { encoding: 'utf8' });
  if (probe.status !== 0) return `Rscript does not run: ${probe.stderr.trim()}`;
  const absent = probe.stdout.trim();
  return absent === '' ? undefined : `R packages missing: ${absent} (Debian ${absent.split(/\s+/).map((p) => `r-cran-${p}`).join(' ')})`;
}

/** A synchronous TCP probe (in a child process, as test options are computed synchronously at load time). */
function missingPostgres(): string | undefined {
  const url = process.env['PORTAS_TEST_POSTGRES'];
  if (url === undefined || url === '') return 'PORTAS_TEST_POSTGRES is not set (export PORTAS_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test)';
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname === '' ? '127.0.0.1' : parsed.hostname;
    port = parsed.port === '' ? 5432 : Number(parsed.port);
  } catch {
    return 'PORTAS_TEST_POSTGRES is not a URL';
  }
  const script = `const s=require('node:net').connect(${String(port)},${JSON.stringify(host)});s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),5000);`;
  const probe = spawnSync(process.execPath, ['-e', script], { stdio: 'ignore' });
  return probe.status === 0 ? undefined : `no PostgreSQL server answers at ${host}:${String(port)} (PORTAS_TEST_POSTGRES)`;
}

const probes: Record<Tool, () => string | undefined> = {
  R: missingR,
  Chromium: () => (existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (Debian chromium)`),
  PostgreSQL: missingPostgres,
  PgBouncer: () => (existsSync(PGBOUNCER_PATH) ? undefined : `${PGBOUNCER_PATH} not found (Debian pgbouncer)`),
  PSPP: () => missingCommands(['pspp'], 'pspp'),
  poppler: () => missingCommands(['pdfinfo', 'pdftotext', 'pdftoppm'], 'poppler-utils'),
  age: () => missingCommands(['age'], 'age'),
  readstat: () => missingCommands(['readstat'], 'readstat'),
  ...(Object.fromEntries(Object.entries(COMMAND_PACKAGES).map(([command, pkg]) => [command, () => missingCommands([command], pkg)])) as Record<CommandTool, () => string | undefined>),
};

const found = new Map<Tool, string | undefined>();

/** Tools to treat as absent (comma-separated), to try the policy on a machine that has them all. */
const hidden = new Set((process.env['PORTAS_TEST_HIDE_TOOLS'] ?? '').split(',').map((s) => s.trim()));

/** Why `tool` cannot be used here, or undefined when it can. Probed once per process. */
export function missing(tool: Tool): string | undefined {
  if (!found.has(tool)) found.set(tool, hidden.has(tool) ? 'hidden by PORTAS_TEST_HIDE_TOOLS' : probes[tool]());
  return found.get(tool);
}

const reported = new Set<Tool>();

/** The test file this process runs (node --test runs each file in a process of its own). */
const testFile = (): string => relative(process.cwd(), process.argv[1] ?? 'this test file');

/**
 * For a test's `skip` option: false when every tool is here. Elsewhere, the reason to skip. On CI a missing tool
 * also registers one failing test that names it (once per file), so the run fails while the rest of the file runs.
 */
export function skipUnless(...tools: Tool[]): string | false {
  const reasons: string[] = [];
  for (const tool of tools) {
    const why = missing(tool);
    if (why === undefined) continue;
    reasons.push(`needs ${tool}: ${why}`);
    if (onCI() && !reported.has(tool)) {
      reported.add(tool);
      test(`CI requires ${tool} (for ${testFile()})`, () => {
        throw new Error(`CI requires ${tool}, which is missing: ${why} (see .ci/debian-packages and .ci/run)`);
      });
    }
  }
  return reasons.length === 0 ? false : reasons.join('; ');
}

/** Inside a test: true when every tool is here. Elsewhere skips `t` with the reason and returns false; on CI throws naming the tool. */
export function need(t: TestContext, ...tools: Tool[]): boolean {
  const absent = tools.flatMap((tool) => {
    const why = missing(tool);
    return why === undefined ? [] : [{ tool, why }];
  });
  if (absent.length === 0) return true;
  if (onCI()) throw new Error(`CI requires ${absent.map((a) => `${a.tool}, which is missing: ${a.why}`).join('; ')} (see .ci/debian-packages and .ci/run)`);
  t.skip(absent.map((a) => `needs ${a.tool}: ${a.why}`).join('; '));
  return false;
}

/** For checks that run only on CI (slow re-runs of reference scripts): skipped elsewhere with a reason, and on CI they need `tools`. */
export function skipUnlessCI(what: string, ...tools: Tool[]): string | false {
  if (!onCI()) return `${what} runs only on CI (set CI=true to run it)`;
  return skipUnless(...tools);
}
