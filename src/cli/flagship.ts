// `portas flagship`: the main job on the embedded default — the flagship study served on SQLite, ready to take.

import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { previewText } from '../collect/preview-text.ts';
import { generateStudyKey, lockStudyKey, randomBytes, recipientFileText } from '../crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../sampling/coupon.ts';
import { hashCouponCode } from '../store/hash.ts';
import type { Command } from './command.ts';
import { loadInstrumentFile } from './preview.ts';
import { serveUntilStopped, startServer } from './serve.ts';

export const FLAGSHIP_DIR = fileURLToPath(new URL('../../studies/russians-in-serbia/', import.meta.url));

/** Demo passphrase for the throwaway key of this local run; a real study's key is made with `portas keygen`. */
const DEMO_PASSPHRASE = 'flagship demo only — never for fieldwork';

export const flagshipCommand: Command = {
  name: 'flagship',
  usage: 'flagship [--out DIR] [--port N] [--no-serve]',
  summary: 'run the flagship study (Russians in Serbia, 2024) on the embedded default (SQLite) and serve it',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { out: { type: 'string', default: 'out/flagship' }, port: { type: 'string', default: '8080' }, 'no-serve': { type: 'boolean', default: false } } });
    const step = (n: number, text: string): void => {
      console.log(`[${n}/4] ${text}`);
    };
    step(1, `checking ${join(FLAGSHIP_DIR, 'instrument.yaml')}`);
    const instrument = loadInstrumentFile(join(FLAGSHIP_DIR, 'instrument.yaml'));
    if (instrument === undefined) return 1;
    const out = values.out;
    rmSync(out, { recursive: true, force: true });
    const studyDir = join(out, 'study');
    mkdirSync(studyDir, { recursive: true });
    mkdirSync(join(out, 'keys'), { recursive: true, mode: 0o700 });
    copyFileSync(join(FLAGSHIP_DIR, 'instrument.yaml'), join(studyDir, 'instrument.yaml'));
    for (const lang of instrument.languages) writeFileSync(join(out, `questionnaire.${lang}.txt`), `${previewText(instrument, lang)}\n`);
    console.log(`      ok: ${instrument.sections.length} pages in ${instrument.languages.join(', ')}; text previews in ${out}/questionnaire.*.txt`);

    step(2, 'making a throwaway post-quantum study key (demo passphrase; a real study runs portas keygen)');
    const key = await generateStudyKey({ kind: 'hybrid' });
    const locked = await lockStudyKey(key, DEMO_PASSPHRASE);
    if (!locked.ok) {
      console.error(`portas flagship: ${locked.error.message}`);
      return 1;
    }
    writeFileSync(join(out, 'keys', 'flagship.key'), locked.value, { mode: 0o600 });
    writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, instrument.study));

    step(3, `starting the server on SQLite (${join(out, 'portas.sqlite')})`);
    const running = await startServer({ studyDirs: [studyDir], store: `sqlite:${join(out, 'portas.sqlite')}`, host: '127.0.0.1', port: Number(values.port), stateDir: join(out, 'state'), quiet: true });
    if (Array.isArray(running)) {
      for (const p of running) console.error(p);
      return 1;
    }
    const seeds = Array.from({ length: 3 }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
    const issued = await running.store.issueSeedCoupons(instrument.study, seeds.map((c) => hashCouponCode(c)));
    if (!issued.ok) {
      console.error('portas flagship: could not issue seed coupons');
      await running.close();
      return 1;
    }
    step(4, `the survey is served at ${running.url}/s/${instrument.study} — seed coupons: ${seeds.map((c) => formatCoupon(c)).join(', ')}`);
    console.log(`      private key: ${join(out, 'keys', 'flagship.key')} (passphrase: "${DEMO_PASSPHRASE}")`);
    if (values['no-serve']) {
      await running.close();
      return 0;
    }
    console.log('      take the survey in a browser (JavaScript may be off); Ctrl-C stops the server.');
    await serveUntilStopped(running);
    return 0;
  },
};
