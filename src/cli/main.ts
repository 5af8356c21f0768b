// The `portas` command: parses the sub-command and hands over to it. Composition root for the CLI.

import { COMMANDS } from './commands.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printUsage();
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    console.error(`portas: unknown command '${name}'. Run 'portas help' for the list.`);
    return 2;
  }
  return command.run(rest);
}

function printUsage(): void {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  console.log('usage: portas <command> [options]\n');
  for (const c of COMMANDS) console.log(`  ${c.usage.padEnd(width)}  ${c.summary}`);
}
