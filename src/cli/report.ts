// `portas report DATA_DIR --study STUDY_DIR --out DIR`: the study's report (report.yaml) from an opened dataset,
// through disclosure control: report.json, and the HTML and PDF report (src/study/report.ts makes them).
// `portas report --check` checks report.yaml without writing; `portas report init` writes the default report.yaml.

import { readFileSync } from 'node:fs';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { DEFAULT_REPLICATES, printReports, writeReport } from '../study/report.ts';
import { checkReportSpec, writeDefaultReportSpec } from '../study/report-spec.ts';
import { readArgs, type Command } from './command.ts';
import { loadDataset } from '../study/load-dataset.ts';

const USAGE = 'report DATA_DIR --study STUDY_DIR --out DIR [--seed N] [--replicates N] | report --check --study STUDY_DIR [FILE] | report init --study STUDY_DIR [--replace]';

export const reportCommand: Command = {
  name: 'report',
  usage: USAGE,
  summary: "the study's report (report.yaml) from an opened dataset, through disclosure control: report.json, HTML and PDF; --check and init for report.yaml",
  async run(args) {
    const { values, positionals } = readArgs(args, {
      study: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      replicates: { type: 'string', default: String(DEFAULT_REPLICATES) },
      check: { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
    });
    if (values.study !== undefined && positionals[0] === 'init' && positionals.length === 1) return init(values.study, values.replace);
    if (values.study !== undefined && values.check && positionals.length <= 1) return check(values.study, positionals[0]);
    const [dir] = positionals;
    const seed = Number(values.seed);
    const replicates = Number(values.replicates);
    if (dir === undefined || values.study === undefined || values.out === undefined || !Number.isInteger(seed) || !Number.isInteger(replicates) || replicates < 50) {
      console.error(`usage: portas ${USAGE}   (--replicates: at least 50)`);
      return 2;
    }
    const dataset = await loadDataset(dir);
    if (!dataset.ok) {
      for (const d of dataset.error) console.error(formatDiagnostic(d));
      return 1;
    }
    const written = await writeReport({ studyDir: values.study, dataset: dataset.value, out: values.out, seed, replicates });
    if (!written.ok) {
      for (const d of written.error) console.error(formatDiagnostic(d));
      return 1;
    }
    for (const d of written.value.warnings) console.error(formatDiagnostic(d));
    const printed = await printReports(written.value.html);
    if (!printed.ok) {
      for (const d of printed.error) console.error(`portas report: ${formatDiagnostic(d)}`);
      return 1;
    }
    if (printed.value.skipped !== undefined) console.error(`portas report: ${printed.value.skipped}`);
    if (written.value.model.synthetic) console.error('note: SYNTHETIC data (test or demo responses, not real ones); every page says so.');
    console.log([written.value.json, ...written.value.html, ...printed.value.pdf].join('\n'));
    return 0;
  },
};

/** Checks the study's report.yaml, or FILE as if it were it; writes nothing. */
async function check(studyDir: string, file: string | undefined): Promise<number> {
  let text: string | undefined;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`portas report: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return 1;
    }
  }
  const checked = await checkReportSpec(studyDir, text);
  for (const d of checked.diagnostics) console.error(formatDiagnostic(d));
  if (checked.ok) console.log(`${file ?? 'report.yaml'}: no problems`);
  return checked.ok ? 0 : 1;
}

async function init(studyDir: string, replace: boolean): Promise<number> {
  const made = await writeDefaultReportSpec(studyDir, { replace });
  for (const d of made.diagnostics) console.error(formatDiagnostic(d));
  if (!made.saved) return 1;
  if (made.previous !== undefined) console.error(`the previous report spec is kept as ${made.previous}`);
  console.log(made.file);
  return 0;
}
