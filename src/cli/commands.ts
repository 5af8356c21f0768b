// Every sub-command of `portas`, in the order `portas help` lists them.

import type { Command } from './command.ts';
import { multiplierCommand } from './multiplier.ts';
import { rdsCommand } from './rds.ts';

export const COMMANDS: readonly Command[] = [rdsCommand, multiplierCommand];
