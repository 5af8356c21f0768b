// A new researcher's whole journey in Chromium on one study, the one made from an XLSForm: preview, key, seed coupons,
// served from its deploy bundle, 30 synthetic respondents answering that questionnaire, the monitor updating, pull,
// open with the passphrase, the report and a .sav — no external request.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningServer } from '../../src/cli/serve.ts';
import { skipUnless } from '../external-tools.ts';
import { dataToSav, respond, RESPONDENTS, serveFromBundle, watchMonitor } from './journey-walk.ts';
import { createStudy, makeKey, openSession, previewTwoLanguages, seedCoupons, type StudioSession } from './studio-walk.ts';

const skip = skipUnless('Chromium');
let session: StudioSession | undefined;
let server: RunningServer | undefined;
const noShot = (): Promise<void> => Promise.resolve();

before(async () => {
  if (skip === false) session = await openSession();
});
after(async () => {
  await server?.close();
  await session?.close();
});

test('a researcher goes from an XLSForm to a .sav of 30 respondents, and no page asks any other site for anything', { skip, timeout: 300_000 }, async () => {
  const s = session ?? assert.fail('no session');
  await createStudy(s, noShot);
  await previewTwoLanguages(s, noShot);
  await makeKey(s, noShot);
  const coupons = await seedCoupons(s, noShot);
  server = await serveFromBundle(s, noShot);
  const before = await watchMonitor(s, noShot, 'monitor-empty');
  assert.match(before, /No responses yet/);
  assert.match(before, /respondents in chains: 0 /);
  await respond(s, server, coupons);
  const now = await watchMonitor(s, noShot, 'monitor');
  assert.match(now, new RegExp(`respondents in chains: ${String(RESPONDENTS)}`));
  const sav = await dataToSav(s, noShot);
  assert.equal(new TextDecoder().decode(sav.subarray(0, 4)), '$FL2');
  // The questionnaire's own questions, as the XLSForm named them, are the file's variables.
  assert.match(new TextDecoder('latin1').decode(sav), /MONUMENTED|monumented/);
  assert.deepEqual(s.external, []);
});
