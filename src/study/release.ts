// The release pipeline behind `portas export`: the disclosure gate, the release line, the design variables, then the files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { xoshiro128ss, type Rng } from '../core/rng.ts';
import { recodeKey, relevanceDependents, release, renderLog, shuffleRows, type DisclosurePolicy, type RecodeStep, type ReleaseMaster } from '../disclosure/index.ts';
import { exportDataset, renamedVariables, type ExportFormat } from '../export/export.ts';
import { languageProblem } from '../export/labels.ts';
import type { ReleasedDataset } from '../export/release.ts';
import { treatmentsOf } from '../export/treatments.ts';
import { universes } from '../export/universe.ts';
import type { Instrument } from '../instrument/model.ts';
import { clearDesign, type ClearedDesign, type DesignRequest } from './release-design.ts';
import { datasetFingerprint, readMaster, readRegister, registerPath, writeMaster, writeRegister, type RegisteredRelease, type Register, type ReleaseLine } from './release-register.ts';

export interface ExportRequest {
  readonly dataset: Dataset;
  readonly recodes: readonly RecodeStep[];
  readonly policy: DisclosurePolicy;
  /** Each format into its own folder; all from the one released dataset, so every file holds the same suppressions. */
  readonly targets: readonly { readonly format: ExportFormat; readonly out: string }[];
  readonly language?: string;
  /**
   * The dataset's folder. Its release register (releases/register.json) and the line's protected master live there:
   * the first release makes the master, later ones derive from it. Without it the release stands alone (nothing registered).
   */
  readonly dataDir?: string;
  /** Start a new release line from the dataset itself instead of deriving from the master: a merge risk, said so. */
  readonly newLine?: boolean;
  /** Randomness for complementary suppression and row order; default: seeded from the CSPRNG (an attacker must not guess it). */
  readonly rng?: Rng;
  /** The network-size item: adds `rds2_weight`, the report's RDS-II weight, to every format (and the design to the syntax files). */
  readonly rdsDegree?: string;
  /** Run the gate and render its log, write nothing (the studio shows the log before the researcher confirms). */
  readonly dryRun?: boolean;
  /** More design variables from the same network-size item (needs `rdsDegree`): SS and raking weights, chain and wave, replicates. */
  readonly design?: Omit<DesignRequest, 'degreeItem'>;
  /** `csv`: data.csv with a UTF-8 byte-order mark, for Excel. */
  readonly excel?: boolean;
  /** The study's instrument, when known: the codebooks then say who was asked each item. */
  readonly instrument?: Instrument;
  /** Today, for the register (the day only); default: the clock. */
  readonly today?: Date;
}

export interface ExportDone {
  readonly files: readonly string[];
  readonly notes: readonly string[];
  /** The release line the files belong to (0 when nothing was registered). */
  readonly line: number;
  readonly derivedFromMaster: boolean;
  /** The disclosure log (Markdown), the same that goes beside the files. */
  readonly log: string;
}

const secureRng = (): Rng => {
  const seed = crypto.getRandomValues(new Uint32Array(4));
  return xoshiro128ss([seed[0] ?? 1, seed[1] ?? 0, seed[2] ?? 0, seed[3] ?? 0]);
};

const MERGE_RISK =
  'MERGE RISK: this release starts a new release line from the dataset itself. Its suppressions differ from those of earlier releases; ' +
  'anyone holding both can match records on their shared answers and recover values one of them suppressed. Do not let both reach the same people.';

/**
 * The one disclosure gate, then the files: nothing is written unless the dataset passes
 * (docs/disclosure.md). `disclosure-log.md` goes beside the files of each format. With `dataDir`, the release joins
 * the dataset's register: derived from the current line's master, or (first release, `newLine`) making one.
 */
export function releaseAndExport(request: ExportRequest): Result<ExportDone, readonly Diagnostic[]> {
  if (request.language !== undefined) {
    const wrong = languageProblem(request.language, request.dataset.languages);
    if (wrong !== undefined) return err([{ code: 'export.language', severity: 'error', message: `--language ${request.language}: ${wrong}`, subject: request.language }]);
  }
  const rng = request.rng ?? secureRng();
  const registered = request.dataDir === undefined ? undefined : openLine(request.dataDir, request.dataset, request.newLine === true);
  if (registered !== undefined && !registered.ok) return err(registered.error);
  const line = registered?.value;
  const master = line?.master;
  const dependents = request.instrument === undefined ? {} : { dependents: relevanceDependents(request.instrument, request.dataset) };
  const gate = release({ kind: 'microdata', dataset: request.dataset, recodes: request.recodes, rng, ...dependents, ...(master === undefined ? {} : { master }) }, request.policy);
  if (!gate.ok) return err(gate.error);
  let register = line?.register;
  let current = line?.current;
  if (request.dataDir !== undefined && register !== undefined && current === undefined && request.dryRun !== true) {
    // This release makes the line's master: rows in the dataset's order, every recode it applied.
    current = writeMaster(request.dataDir, register, gate.value.master, datasetFingerprint(request.dataset), request.recodes.filter((s) => gate.value.log.recoded.some((r) => r.variable === s.variable)), request.policy.k);
    register = { ...register, lines: [...register.lines, current] };
  }
  const releasedData = gate.value.released;
  let design: ClearedDesign | undefined;
  if (request.rdsDegree !== undefined) {
    const cleared = clearDesign(request.dataset, releasedData, { degreeItem: request.rdsDegree, ...request.design }, request.policy.k, rng);
    if (!cleared.ok) return err(cleared.error);
    design = cleared.value;
  } else if (request.design !== undefined) {
    return err([{ code: 'export.design', severity: 'error', message: 'design variables need the network-size item (--rds-degree ITEM)', subject: 'rds-degree' }]);
  }
  const risky = line?.startsNewLine === true && (line.register.lines.length > 0);
  const designLog = design === undefined ? '' : `\n## Design variables\n\nThe recruitment structure is a quasi-identifier; each design variable passed the gate as follows.\n\n${design.log.map((l) => `- ${l}`).join('\n')}\n`;
  const log = renderLog(gate.value.log) + designLog + (risky ? `\n## Release line\n\n**${MERGE_RISK}**\n` : '');
  const written: string[] = [];
  const notes: string[] = [...(risky ? [MERGE_RISK] : []), ...(design?.risks ?? [])];
  if (request.dryRun === true) return ok({ files: [], notes, line: current?.line ?? 0, derivedFromMaster: master !== undefined, log });
  const entries: RegisteredRelease[] = [];
  const day = (request.today ?? new Date()).toISOString().slice(0, 10);
  // Recodes in force: the master's (a release of a line adds none) or this release's own; labels and codebooks say what each did.
  const applied = master?.recodes ?? request.recodes.filter((s) => gate.value.log.recoded.some((r) => r.variable === s.variable));
  const treatments = treatmentsOf(request.dataset, gate.value.released, applied);
  for (const { format, out } of request.targets) {
    const logFile = join(out, 'disclosure-log.md');
    // Each release gets its own row order, so that no two can be put side by side row by row.
    // Design variables join each release afresh: the chain is numbered anew, so that releases cannot be joined on it.
    const withDesign = design === undefined ? releasedData : { ...releasedData, variables: [...releasedData.variables, ...design.forRelease(rng)] };
    const shuffled = shuffleRows(withDesign, rng);
    const released: ReleasedDataset = {
      dataset: shuffled,
      gate: `disclosure control (k = ${String(request.policy.k)})`,
      notes: [`Disclosure log: ${logFile}.`],
      treatments,
      ...(request.instrument === undefined ? {} : { universes: universes(request.instrument, request.dataset.languages) }),
      ...(design === undefined ? {} : { design: design.declaration }),
    };
    const files = exportDataset(released, format, { ...(request.language === undefined ? {} : { language: request.language }), createdAt: new Date(), deflate: (raw) => deflateSync(raw), excel: request.excel === true });
    mkdirSync(out, { recursive: true });
    for (const f of files) writeFileSync(join(out, f.name), f.bytes);
    writeFileSync(logFile, log);
    written.push(...files.map((f) => join(out, f.name)), logFile);
    notes.push(...released.notes, ...renamedVariables(released, format).map(([from, to]) => `variable '${from}' is named '${to}' in the .${format} file.`));
    const previous = (current?.releases.length ?? 0) + entries.length;
    entries.push({
      release: previous + 1,
      date: day,
      format,
      out,
      variables: shuffled.variables.map((v) => v.name),
      rows: shuffled.n,
      k: request.policy.k,
      recodes: [...gate.value.log.inheritedRecodes, ...request.recodes.map(recodeKey)],
      suppressed: gate.value.log.suppressedTotal,
      derivedFromMaster: master !== undefined || previous > 0,
    });
  }
  if (request.dataDir !== undefined && register !== undefined && current !== undefined) {
    const updated = { ...current, releases: [...current.releases, ...entries] };
    writeRegister(request.dataDir, { ...register, lines: register.lines.map((l) => (l.line === updated.line ? updated : l)) });
    notes.push(`release line ${String(updated.line)}${master === undefined ? ' (its master was made by this release)' : ' (derived from its master)'}: ${registerPath(request.dataDir)}.`);
  }
  return ok({ files: written, notes, line: current?.line ?? 0, derivedFromMaster: master !== undefined, log });
}

interface OpenLine {
  readonly register: Register;
  /** The line this release belongs to; undefined when this release starts one. */
  readonly current: ReleaseLine | undefined;
  readonly master: ReleaseMaster | undefined;
  readonly startsNewLine: boolean;
}

/** The register and, unless a new line is asked for (or none exists), the current line's master. */
function openLine(dataDir: string, dataset: Dataset, newLine: boolean): Result<OpenLine, readonly Diagnostic[]> {
  const read = readRegister(dataDir, dataset.study);
  if (!read.ok) return err([read.error]);
  const register = read.value;
  const last = register.lines[register.lines.length - 1];
  if (last === undefined || newLine) return ok({ register, current: undefined, master: undefined, startsNewLine: true });
  if (last.dataset !== datasetFingerprint(dataset)) {
    return err([
      {
        code: 'export.register',
        severity: 'error',
        message: `the dataset changed since release line ${String(last.line)}'s master was made (${registerPath(dataDir)})`,
        hint: 'a changed dataset needs a new protected master: add --new-release-line, and mind the merge risk with earlier releases',
      },
    ]);
  }
  const master = readMaster(dataDir, last);
  if (!master.ok) return err(master.error);
  return ok({ register, current: last, master: master.value, startsNewLine: false });
}
