// A study as the server runs it: its instrument, public key and collection settings, loaded once at boot.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { studySealedPlainSize } from '../crypto/sealed-size.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import type { Instrument } from '../instrument/model.ts';
import { MAX_SEALED_BYTES } from '../store/store.ts';
import { catalogueProblems } from '../collect/messages.ts';
import { collectionSettings, DEFAULT_SETTINGS, type CollectionSettings } from '../collect/collection-settings.ts';

export { DEFAULT_SETTINGS, type CollectionSettings } from '../collect/collection-settings.ts';

export interface StudyRuntime {
  readonly instrument: Instrument;
  /** The study's public age recipient (study.pub). The private key is never on the server. */
  readonly recipient: string;
  readonly settings: CollectionSettings;
  /** True for replica/test deployments: pages say so. */
  readonly synthetic: boolean;
  /** Every sealed response of the study is padded to this many plaintext bytes: its length says nothing. */
  readonly sealedPlainSize: number;
}

/** Reads STUDY_DIR/instrument.yaml, study.pub and (optional) study.yaml; every problem is named with its file. */
export function loadStudyRuntime(dir: string): { ok: true; study: StudyRuntime } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const read = (name: string, optional = false): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      if (!optional || (e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${join(dir, name)}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})${name === 'study.pub' ? " — run 'portas keygen' first" : ''}`);
      return undefined;
    }
  };
  const instrumentText = read('instrument.yaml');
  const pub = read('study.pub');
  const settingsText = read('study.yaml', true);
  let instrument: Instrument | undefined;
  if (instrumentText !== undefined) {
    const loaded = loadInstrumentYaml(instrumentText, join(dir, 'instrument.yaml'));
    problems.push(...loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
    instrument = loaded.instrument;
    if (instrument !== undefined) problems.push(...catalogueProblems(instrument.languages).map((p) => `${join(dir, 'instrument.yaml')}: ${p}`));
  }
  const recipient = pub?.split('\n').map((l) => l.trim()).find((l) => l.startsWith('age1'));
  if (pub !== undefined && recipient === undefined) problems.push(`${join(dir, 'study.pub')}: no age recipient (a line starting with age1) found`);
  const settings = settingsText === undefined ? { settings: DEFAULT_SETTINGS, synthetic: false } : parseSettings(settingsText, join(dir, 'study.yaml'), problems);
  const padded = instrument === undefined ? undefined : studySealedPlainSize(instrument);
  // Room for the age header and the chunk tags within what the store accepts.
  const sealedPlainSize = padded !== undefined && padded <= MAX_SEALED_BYTES - 8192 ? padded : undefined;
  if (instrument !== undefined && sealedPlainSize === undefined) problems.push(`${join(dir, 'instrument.yaml')}: the largest possible response does not fit the ${MAX_SEALED_BYTES} bytes a sealed record may hold: lower the text items' max_length`);
  if (problems.length > 0 || instrument === undefined || recipient === undefined || sealedPlainSize === undefined) return { ok: false, problems };
  return { ok: true, study: { instrument, recipient, settings: settings.settings, synthetic: settings.synthetic, sealedPlainSize } };
}

function parseSettings(text: string, file: string, problems: string[]): { settings: CollectionSettings; synthetic: boolean } {
  const raw = parse(text) as Record<string, unknown> | null;
  const read = collectionSettings(raw ?? {});
  // Caps that cannot work together are the editor's warning; the server runs them as set.
  problems.push(...read.problems.filter((p) => p.severity === 'error').map((p) => `${file}: ${p.message}`));
  return read;
}
