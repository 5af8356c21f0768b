// `portas coupons seed|revoke STUDY_DIR`: issues seed coupons (shown once, stored keyed) and writes a printable sheet,
// or revokes unredeemed coupons after a seizure or a leak (all of a study's, or those below one coupon).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { document, esc } from '../collect/html.ts';
import { randomBytes } from '../crypto/index.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon, parseCoupon } from '../sampling/coupon.ts';
import { hashCouponCode } from '../store/hash.ts';
import { openStore } from '../store/open.ts';
import { isPeriod } from '../store/period.ts';
import { MAX_SEED_COUPONS, type Store } from '../store/store.ts';
import type { Command } from './command.ts';

const USAGE = [
  'usage: portas coupons seed STUDY_DIR --n N [--expiry PERIOD] [--sheet FILE.html] [--store URL] [--store-key FILE]',
  '       portas coupons revoke STUDY_DIR (--all | --below CODE) [--store URL] [--store-key FILE]',
  '',
  `  seed     issue N seed coupons (1–${MAX_SEED_COUPONS}); the codes are shown once (or written to the sheet), stored only keyed`,
  '           --expiry PERIOD: last period in which they may be redeemed (2024-W30, 2024-07 or 2024-07-28)',
  '  revoke   make unredeemed coupons unusable: --all of the study, or --below CODE: that coupon if unredeemed,',
  '           else every unredeemed coupon in the recruitment tree below it. Redeemed coupons and responses stay.',
  '  --store URL       sqlite:FILE (default sqlite:portas.sqlite) or postgres://…',
  '  --store-key FILE  the storage key file (default: FILE.key beside SQLite; for PostgreSQL see docs/storage.md)',
].join('\n');

/** The study id from STUDY_DIR/instrument.yaml, or a message naming the file (never a stack trace). */
function studyOf(dir: string): { ok: true; study: string } | { ok: false; message: string } {
  const file = join(dir, 'instrument.yaml');
  if (!existsSync(file)) return { ok: false, message: `${file}: not found — name a study folder that holds instrument.yaml` };
  const loaded = loadInstrumentYaml(readFileSync(file, 'utf8'), file);
  if (!loaded.instrument) return { ok: false, message: `${file}: the instrument has errors; run 'portas check ${file}'` };
  return { ok: true, study: loaded.instrument.study };
}

async function withStore(url: string, keyFile: string | undefined, fn: (store: Store) => Promise<number>): Promise<number> {
  const store = await openStore(url, keyFile === undefined ? {} : { keyFile });
  if (!store.ok) {
    console.error(`portas coupons: ${store.error.message}`);
    return 1;
  }
  try {
    return await fn(store.value);
  } finally {
    await store.value.close();
  }
}

export const couponsCommand: Command = {
  name: 'coupons',
  usage: 'coupons seed|revoke STUDY_DIR [--n N] [--expiry PERIOD] [--all | --below CODE] [--store URL] [--store-key FILE] [--sheet FILE.html]',
  summary: 'issue seed coupons (printed once, stored keyed), or revoke unredeemed ones',
  async run(args) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        n: { type: 'string', default: '12' },
        expiry: { type: 'string' },
        all: { type: 'boolean', default: false },
        below: { type: 'string' },
        store: { type: 'string', default: 'sqlite:portas.sqlite' },
        'store-key': { type: 'string' },
        sheet: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [sub, dir] = positionals;
    if ((sub !== 'seed' && sub !== 'revoke') || dir === undefined) {
      console.error(USAGE);
      return 2;
    }
    const found = studyOf(dir);
    if (!found.ok) {
      console.error(`portas coupons: ${found.message}`);
      return 1;
    }
    const study = found.study;
    if (sub === 'revoke') {
      if (values.all === (values.below !== undefined)) {
        console.error('portas coupons revoke: say which coupons: --all (every unredeemed coupon of the study) or --below CODE');
        return 2;
      }
      const below = values.below === undefined ? undefined : parseCoupon(values.below);
      if (below !== undefined && !below.ok) {
        console.error(`portas coupons revoke: --below ${values.below}: not a valid coupon code (check for typing errors)`);
        return 2;
      }
      return withStore(values.store, values['store-key'], async (store) => {
        const revoked = await store.revokeCoupons(study, below === undefined ? { kind: 'all' } : { kind: 'below', coupon: hashCouponCode(below.value) });
        if (!revoked.ok) {
          console.error(`portas coupons: not revoked: ${revoked.error.message}`);
          return 1;
        }
        console.log(`portas coupons: ${revoked.value.revoked} unredeemed coupon(s) of ${study} revoked${below === undefined ? '' : ` below ${values.below ?? ''}`}`);
        return 0;
      });
    }
    const n = Number(values.n);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEED_COUPONS) {
      console.error(`portas coupons seed: --n must be a whole number from 1 to ${MAX_SEED_COUPONS}`);
      return 2;
    }
    if (values.expiry !== undefined && !isPeriod(values.expiry)) {
      console.error(`portas coupons seed: --expiry ${values.expiry}: not a period (an ISO week 2024-W30, a month 2024-07 or a day 2024-07-28)`);
      return 2;
    }
    const codes = Array.from({ length: n }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
    return withStore(values.store, values['store-key'], async (store) => {
      const issued = await store.issueSeedCoupons(study, codes.map((c) => hashCouponCode(c)), values.expiry);
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
    });
  },
};
