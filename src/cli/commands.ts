// Every sub-command of `portas`, in the order `portas help` lists them.

import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { flagshipCommand } from './flagship.ts';
import { keyCommand } from './key.ts';
import { keygenCommand } from './keygen.ts';
import { previewCommand } from './preview.ts';

export const COMMANDS: readonly Command[] = [flagshipCommand, checkCommand, previewCommand, keygenCommand, keyCommand];
