// A portas server on port 0 with the flagship and the four-language study, for e2e tests, the page bench and screenshots.

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, randomBytes, recipientFileText, type StudyKey } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';

export const FLAGSHIP = 'russians-in-serbia';
export const FOUR = 'four-languages';
export const PUBLIC_ADDRESS = 'https://survey.example.org/s/russians-in-serbia';
export const ONION_ADDRESS = `http://${'a'.repeat(56)}.onion/s/russians-in-serbia`;

const SOURCES: Readonly<Record<string, string>> = {
  [FLAGSHIP]: 'studies/russians-in-serbia/instrument.yaml',
  [FOUR]: 'test/e2e/fixtures/four-languages/instrument.yaml',
};

export interface RespondentServer {
  server: RunningServer;
  readonly options: Parameters<typeof startServer>[0];
  readonly workDir: string;
  readonly key: StudyKey;
  /** Issues a fresh seed coupon and returns it formatted (ABCD-EFGH-JKM). */
  seed(study?: string): Promise<string>;
  /** Stops and starts again on the same port, store and form keys. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRespondentServer(): Promise<RespondentServer> {
  const workDir = mkdtempSync(join(tmpdir(), 'portas-respondent-'));
  const key = await generateStudyKey({ kind: 'x25519' });
  const dirs: string[] = [];
  for (const [id, source] of Object.entries(SOURCES)) {
    const dir = join(workDir, id);
    mkdirSync(dir);
    copyFileSync(source, join(dir, 'instrument.yaml'));
    writeFileSync(join(dir, 'study.pub'), recipientFileText(key, id));
    if (id === FLAGSHIP) writeFileSync(join(dir, 'study.yaml'), `public_address: ${PUBLIC_ADDRESS}\nonion_address: ${ONION_ADDRESS}\n`);
    dirs.push(dir);
  }
  const options = { studyDirs: dirs, store: `sqlite:${join(workDir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(workDir, 'state'), quiet: true };
  const started = await startServer(options);
  if (Array.isArray(started)) throw new Error(started.join('\n'));
  const handle: RespondentServer = {
    server: started,
    options,
    workDir,
    key,
    async seed(study = FLAGSHIP) {
      const coupon = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
      const issued = await handle.server.store.issueSeedCoupons(study, [hashCouponCode(coupon)]);
      if (!issued.ok) throw new Error(`cannot issue a seed coupon: ${issued.error.kind}`);
      return formatCoupon(coupon);
    },
    async restart() {
      const port = Number(new URL(handle.server.url).port);
      await handle.server.close();
      const again = await startServer({ ...options, port });
      if (Array.isArray(again)) throw new Error(again.join('\n'));
      handle.server = again;
    },
    async close() {
      await handle.server.close();
    },
  };
  return handle;
}
