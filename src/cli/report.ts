// `portas report DATA_DIR --study STUDY_DIR --out DIR`: the study's report (report.yaml) from an opened dataset,
// through disclosure control: report.json, and the HTML and PDF report (src/study/report.ts makes them).

import { formatDiagnostic } from '../core/diagnostic.ts';
import { DEFAULT_REPLICATES, printReports, writeReport } from '../study/report.ts';
import { readArgs, type Command } from './command.ts';
import { loadDataset } from '../study/load-dataset.ts';

const USAGE = 'report DATA_DIR --study STUDY_DIR --out DIR [--seed N] [--replicates N]';

export const reportCommand: Command = {
  name: 'report',
  usage: USAGE,
  summary: "the study's report (report.yaml) from an opened dataset, through disclosure control: report.json, HTML and PDF",
  async run(args) {
    const { values, positionals } = readArgs(args, { study: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, replicates: { type: 'string', default: String(DEFAULT_REPLICATES) } });
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
