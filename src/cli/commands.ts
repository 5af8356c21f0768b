// Every sub-command of `portas`, in the order `portas help` lists them.

import type { Command } from './command.ts';
import { keyCommand } from './key.ts';
import { keygenCommand } from './keygen.ts';

export const COMMANDS: readonly Command[] = [keygenCommand, keyCommand];
