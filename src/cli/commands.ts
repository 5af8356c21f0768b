// Every sub-command of `portas`, in the order `portas help` lists them.

import type { Command } from './command.ts';

export const COMMANDS: readonly Command[] = [];
