// `portas coupons seed STUDY_DIR --n 12`: issues seed coupons and writes a printable sheet. Codes are shown once, stored hashed.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { document, esc } from '../collect/html.ts';
import { randomBytes } from '../crypto/index.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../sampling/coupon.ts';
import { hashCouponCode } from '../store/hash.ts';
import { openStore } from '../store/open.ts';
import type { Command } from './command.ts';

export const couponsCommand: Command = {
  name: 'coupons',
  usage: 'coupons seed STUDY_DIR --n N [--store URL] [--sheet FILE.html]',
  summary: 'issue N seed coupons (printed once, stored only as hashes)',
  async run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { n: { type: 'string', default: '12' }, store: { type: 'string', default: 'sqlite:portas.sqlite' }, sheet: { type: 'string' } }, allowPositionals: true });
    const [sub, dir] = positionals;
    const n = Number(values.n);
    if (sub !== 'seed' || dir === undefined || !Number.isInteger(n) || n < 1 || n > 1000) {
      console.error('usage: portas coupons seed STUDY_DIR --n N (1–1000) [--store URL] [--sheet FILE.html]');
      return 2;
    }
    const loaded = loadInstrumentYaml(readFileSync(join(dir, 'instrument.yaml'), 'utf8'), join(dir, 'instrument.yaml'));
    if (!loaded.instrument) {
      console.error(`${dir}: the instrument has errors; run 'portas check'`);
      return 1;
    }
    const study = loaded.instrument.study;
    const codes = Array.from({ length: n }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
    const store = await openStore(values.store);
    if (!store.ok) {
      console.error(`portas coupons: ${store.error.message}`);
      return 1;
    }
    const issued = await store.value.issueSeedCoupons(study, codes.map((c) => hashCouponCode(c)));
    await store.value.close();
    if (!issued.ok) {
      console.error(`portas coupons: not issued: ${'message' in issued.error ? issued.error.message : issued.error.kind}`);
      return 1;
    }
    const shown = codes.map((c) => formatCoupon(c));
    if (values.sheet !== undefined) {
      const cells = shown.map((c) => `<p class="coupon">${esc(c)}</p>`).join('');
      writeFileSync(values.sheet, document('en', `${study}: seed coupons`, `<h1>${esc(study)}: ${n} seed coupons</h1><p class="small">Cut along the lines; give one to each seed. Each works once. This sheet is the only copy of the codes.</p>${cells}`), { mode: 0o600 });
      console.log(`portas coupons: ${n} seed coupons issued; printable sheet: ${values.sheet}`);
    } else {
      for (const c of shown) console.log(c);
    }
    return 0;
  },
};
