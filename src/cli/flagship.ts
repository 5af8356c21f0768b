// `portas flagship`: the main job on the embedded default — today: validate and preview the flagship study.

import { fileURLToPath } from 'node:url';
import { previewText } from '../collect/preview-text.ts';
import type { Command } from './command.ts';
import { loadInstrumentFile } from './preview.ts';

export const FLAGSHIP_DIR = fileURLToPath(new URL('../../studies/russians-in-serbia/', import.meta.url));

export const flagshipCommand: Command = {
  name: 'flagship',
  usage: 'flagship',
  summary: 'run the flagship study (Russians in Serbia, 2024) end to end on the embedded default',
  run() {
    const path = `${FLAGSHIP_DIR}instrument.yaml`;
    console.log(`portas flagship: checking ${path}`);
    const instrument = loadInstrumentFile(path);
    if (instrument === undefined) return Promise.resolve(1);
    for (const lang of instrument.languages) console.log(`\n${previewText(instrument, lang)}\n`);
    console.log(`portas flagship: the questionnaire is valid (${instrument.sections.length} pages, languages ${instrument.languages.join(', ')}).`);
    return Promise.resolve(0);
  },
};
