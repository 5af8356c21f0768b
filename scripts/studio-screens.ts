// Pictures of every studio screen to look at as a new researcher would meet them: a desktop browser, no script.
//
//   node --import tsx scripts/studio-screens.ts [out-dir]
//
// The walk of test/studio/studio-walk.ts (a study from an XLSForm, its problems, the preview in two languages, keys
// and shares, fieldwork and seed coupons) and test/studio/journey-walk.ts (deploy bundle, a local server, 30
// respondents, monitor, pull, open, report, a .sav), the report spec editor refusing a typo, then the remaining
// screens in Russian. Full-page PNGs in
// artifacts/studio/ (not committed).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setStudySettings } from '../src/study/settings.ts';
import { studyDir } from '../src/studio/workspace.ts';
import { dataToSav, respond, serveFromBundle, watchMonitor } from '../test/studio/journey-walk.ts';
import { createStudy, makeKey, openSession, previewTwoLanguages, seedCoupons, STUDY } from '../test/studio/studio-walk.ts';

const out = resolve(process.argv[2] ?? 'artifacts/studio');
mkdirSync(out, { recursive: true });
const s = await openSession();
let n = 0;
const shot = async (name: string): Promise<void> => {
  n += 1;
  await s.page.screenshot({ path: join(out, `${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
};
try {
  await createStudy(s, shot);
  await shot('questionnaire');
  await previewTwoLanguages(s, shot);
  await makeKey(s, shot);
  await shot('keys-rebuilt');
  // The journey on, on the same study: served from its deploy bundle, respondents, monitor, data, report, export.
  const coupons = await seedCoupons(s, shot);
  const server = await serveFromBundle(s, shot);
  try {
    await watchMonitor(s, shot, 'monitor-before-respondents');
    await respond(s, server, coupons);
    await watchMonitor(s, shot, 'monitor-30-respondents');
    // Caps set in the study folder afterwards (the server runs without them): the Fieldwork form, and the Monitor's
    // progress towards each cap with its warnings.
    const capped = setStudySettings(studyDir(s.workspace, STUDY), { max_responses: '32', max_wave: '4', max_chain_size: '12' });
    if (!capped.written) throw new Error(capped.diagnostics.map((d) => d.message).join('; '));
    await s.page.goto(`${s.studio.origin}/studies/${STUDY}/fieldwork`);
    await shot('fieldwork-caps');
    await watchMonitor(s, shot, 'monitor-caps');
    await dataToSav(s, shot);
  } finally {
    await server.close();
  }
  for (const section of ['monitor', 'data', 'report']) {
    await s.page.goto(`${s.studio.origin}/studies/${STUDY}/${section}`);
    await shot(section);
  }
  // The report spec editor: the study's Report tab after its report, then a typo refused at its line.
  await s.page.goto(`${s.studio.origin}/studies/${STUDY}/report`);
  await shot('report-tab-field');
  await s.page.fill('#spec-text', (await s.page.inputValue('#spec-text')).replace(/item: (\w+)/, 'item: $1_typo'));
  await s.page.click('#spec button[value="save"]');
  await shot('report-spec-refused');
  await s.page.goto(`${s.studio.origin}/`);
  await shot('studies');
  await s.page.click('header.top button');
  await s.page.goto(`${s.studio.origin}/studies/${STUDY}/fieldwork`);
  await shot('fieldwork-ru');
  await s.page.goto(`${s.studio.origin}/new`);
  await shot('new-study-ru');
  console.log(`${String(n)} screens in ${out}; external requests: ${String(s.external.length)}`);
} finally {
  await s.close();
}
