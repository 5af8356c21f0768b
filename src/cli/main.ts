// The `portas` command: parses the sub-command and hands over to it. Composition root for the CLI.

import { isUiLanguage, setDiagnosticLanguage } from '../core/diagnostic.ts';
import type { Command } from './command.ts';
import { COMMANDS } from './commands.ts';
import { COMMAND_HELP } from './help.ts';

export async function main(argv: readonly string[]): Promise<number> {
  // Diagnostics print in PORTAS_LANG (en or ru), through the one renderer every front end uses.
  const lang = process.env['PORTAS_LANG'];
  if (isUiLanguage(lang)) setDiagnosticLanguage(lang);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    if (about !== undefined) printCommandHelp(about);
    else printUsage();
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    console.error(`portas: unknown command '${name}'. Run 'portas help' for the list.`);
    return 2;
  }
  // Asked for help anywhere (`portas coupons seed --help` too): no command runs.
  if (rest.includes('--help') || rest.includes('-h')) {
    printCommandHelp(command);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    // node:util parseArgs throws on an unknown or malformed option: a usage error, not a crash.
    if (isArgumentError(e)) {
      console.error(`portas ${command.name}: ${e.message}\nusage: portas ${command.usage}\n(portas ${command.name} --help says more)`);
      return 2;
    }
    throw e;
  }
}

function isArgumentError(e: unknown): e is Error {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS_');
}

function printCommandHelp(command: Command): void {
  const more = COMMAND_HELP[command.name];
  console.log(`usage: portas ${command.usage}\n\n${command.summary}${more === undefined ? '' : `\n\n${more}`}`);
}

function printUsage(): void {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  console.log('usage: portas <command> [options]\n');
  for (const c of COMMANDS) console.log(`  ${c.usage.padEnd(width)}  ${c.summary}`);
  console.log("\n'portas help COMMAND' or 'portas COMMAND --help' explains a command's options.");
}
