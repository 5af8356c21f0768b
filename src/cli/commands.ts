// Every sub-command of `portas`, in the order `portas help` lists them.

import type { Command } from './command.ts';
import { estimateCommand } from './estimate.ts';

export const COMMANDS: readonly Command[] = [estimateCommand];
