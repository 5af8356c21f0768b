// Every sub-command of `portas`, in the order `portas help` lists them.

import { checkCommand } from './check.ts';
import type { Command } from './command.ts';

export const COMMANDS: readonly Command[] = [checkCommand];
