// `portas coupons seed|revoke STUDY_DIR`: issues seed coupons (shown once, stored keyed) and writes a printable sheet,
// or revokes unredeemed coupons after a seizure or a leak (all of a study's, or those below one coupon).

import { writeFileSync } from 'node:fs';
import { revokeCoupons, seedCoupons } from '../study/fieldwork.ts';
import { loadStudy } from '../study/load.ts';
import { readArgs, type Command } from './command.ts';
import { printOptionProblems, printProblems } from './problems.ts';

export const couponsCommand: Command = {
  name: 'coupons',
  usage: 'coupons seed|revoke STUDY_DIR [--n N] [--expiry PERIOD] [--all | --below CODE] [--store URL] [--store-key FILE] [--sheet FILE.html]',
  summary: 'issue seed coupons (printed once, stored keyed), or revoke unredeemed ones',
  async run(args) {
    const { values, positionals } = readArgs(args, {
      n: { type: 'string', default: '12' },
      expiry: { type: 'string' },
      all: { type: 'boolean', default: false },
      below: { type: 'string' },
      store: { type: 'string', default: 'sqlite:portas.sqlite' },
      'store-key': { type: 'string' },
      sheet: { type: 'string' },
    });
    const [sub, dir] = positionals;
    if ((sub !== 'seed' && sub !== 'revoke') || dir === undefined) {
      console.error(`usage: portas ${this.usage}\n(portas coupons --help says more)`);
      return 2;
    }
    const command = `coupons ${sub}`;
    const { study, diagnostics } = await loadStudy(dir);
    if (study === undefined) return printProblems(command, diagnostics.filter((d) => d.severity === 'error'));
    const at = { store: values.store, storeKey: values['store-key'] };
    if (sub === 'revoke') {
      if (values.all === (values.below !== undefined)) {
        console.error('portas coupons revoke: say which coupons: --all (every unredeemed coupon of the study) or --below CODE');
        return 2;
      }
      const revoked = await revokeCoupons({ ...at, study: study.id, below: values.below });
      if (!revoked.ok) return printOptionProblems(command, revoked.error);
      console.log(`portas coupons: ${String(revoked.value.revoked)} unredeemed coupon(s) of ${study.id} revoked${values.below === undefined ? '' : ` below ${values.below}`}`);
      return 0;
    }
    const seeded = await seedCoupons({ ...at, study: study.id, n: Number(values.n), expiry: values.expiry });
    if (!seeded.ok) return printOptionProblems(command, seeded.error);
    if (values.sheet === undefined) {
      for (const c of seeded.value.codes) console.log(c);
      return 0;
    }
    writeFileSync(values.sheet, seeded.value.sheetHtml, { mode: 0o600 });
    console.log(`portas coupons: ${String(seeded.value.codes.length)} seed coupons issued; printable sheet: ${values.sheet}`);
    return 0;
  },
};
