// Every sub-command of `portas`, in the order `portas help` lists them.

import type { Command } from './command.ts';
import { exportCommand } from './export.ts';

export const COMMANDS: readonly Command[] = [exportCommand];
