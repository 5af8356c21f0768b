// Every sub-command of `portas`, in the order `portas help` lists them: the study's life from questionnaire to numbers.

import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { couponsCommand } from './coupons.ts';
import { deployCommand } from './deploy.ts';
import { doctorCommand } from './doctor.ts';
import { estimateCommand } from './estimate.ts';
import { exportCommand } from './export.ts';
import { exportFormCommand } from './export-form.ts';
import { flagshipCommand } from './flagship.ts';
import { importCommand } from './import-xlsform.ts';
import { keyCommand } from './key.ts';
import { keygenCommand } from './keygen.ts';
import { loadDataset } from '../study/load-dataset.ts';
import { migrateStoreCommand } from './migrate-store.ts';
import { monitorCommand } from './monitor.ts';
import { multiplierCommand } from './multiplier.ts';
import { openCommand } from './open.ts';
import { previewCommand } from './preview.ts';
import { pullCommand } from './pull.ts';
import { rdsCommand } from './rds.ts';
import { reportCommand } from './report.ts';
import { riskCommand } from './risk.ts';
import { serveCommand } from './serve.ts';
import { studioCommand } from './studio.ts';
import { studyCommand } from './study.ts';
import { tokenCommand } from './token.ts';

export const COMMANDS: readonly Command[] = [
  flagshipCommand,
  studioCommand,
  studyCommand,
  importCommand,
  checkCommand,
  previewCommand,
  exportFormCommand,
  keygenCommand,
  keyCommand,
  serveCommand,
  doctorCommand,
  deployCommand,
  migrateStoreCommand,
  couponsCommand,
  tokenCommand,
  monitorCommand,
  pullCommand,
  openCommand,
  estimateCommand,
  riskCommand(loadDataset),
  reportCommand,
  exportCommand,
  rdsCommand,
  multiplierCommand,
];
