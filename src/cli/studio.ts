// `portas studio`: the researcher's studio, a web application on this machine only (127.0.0.1, behind a secret).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROUTES } from '../studio/routes.ts';
import { startStudio, type RunningStudio } from '../studio/server.ts';
import type { Command } from './command.ts';
import { untilStopSignal } from './stop-signal.ts';

export const DEFAULT_WORKSPACE = 'portas-workspace';

/** The first of `names` found on PATH. */
function onPath(names: readonly string[]): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of names) if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Opens the address in the desktop's browser when there is a desktop: without one, xdg-open would start a text
 * browser in this very terminal. Never fails: the address is printed anyway.
 */
export function openBrowser(url: string): boolean {
  const desktop = process.platform === 'darwin' || process.env['DISPLAY'] !== undefined || process.env['WAYLAND_DISPLAY'] !== undefined;
  const opener = process.platform === 'darwin' ? onPath(['open']) : onPath(['xdg-open']);
  if (!desktop || opener === undefined) return false;
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

/** Starts the studio on `workspace` and says where it is. */
export async function launchStudio(options: { readonly workspace: string; readonly port?: number; readonly open: boolean; readonly lang?: 'en' | 'ru' }): Promise<RunningStudio> {
  const workspace = resolve(options.workspace);
  mkdirSync(join(workspace, 'studies'), { recursive: true });
  const studio = await startStudio({ workspace, routes: ROUTES, port: options.port ?? 0, ...(options.lang === undefined ? {} : { lang: options.lang }) });
  console.log(`portas studio: ${studio.url}`);
  console.log(`  (this machine only; the link carries a secret — do not share it. Workspace: ${workspace})`);
  if (options.open && openBrowser(studio.url)) console.log('  opened in your browser');
  return studio;
}

export const studioCommand: Command = {
  name: 'studio',
  usage: 'studio [--workspace DIR] [--port N] [--no-open] [--lang en|ru]',
  summary: 'the researcher studio: studies, keys, fieldwork, monitor, data and report in a browser on this machine',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { workspace: { type: 'string', default: DEFAULT_WORKSPACE }, port: { type: 'string', default: '0' }, 'no-open': { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' } } });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`portas studio: --port must be a whole number from 0 to 65535 (0: any free port), not '${values.port}'`);
      return 2;
    }
    if (values.lang !== 'en' && values.lang !== 'ru') {
      console.error(`portas studio: --lang must be en or ru, not '${values.lang}'`);
      return 2;
    }
    const studio = await launchStudio({ workspace: values.workspace, port, open: !values['no-open'], lang: values.lang });
    console.log('  Ctrl-C stops it.');
    await untilStopSignal();
    await studio.close();
    return 0;
  },
};
