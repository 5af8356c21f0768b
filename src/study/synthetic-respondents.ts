// Synthetic respondents taking a survey over HTTP exactly as a person with JavaScript off would:
// entry page with a coupon, one form per page, the thank-you page's coupons passed on to recruits.

import { request as httpRequest } from 'node:http';
import { fillForm, formAction } from '../collect/fill-form.ts';
import { respondentFields } from '../collect/form-fields.ts';
import { itemsOf, type Instrument, type Item, type Response } from '../instrument/model.ts';
import type { SyntheticRespondent } from '../sampling/synthetic-recruitment.ts';

export type { SyntheticRespondent } from '../sampling/synthetic-recruitment.ts';

export interface SyntheticRun {
  readonly baseUrl: string;
  readonly instrument: Instrument;
  readonly respondents: readonly SyntheticRespondent[];
  /** Coupons for the seeds, as printed on the seed sheet. */
  readonly seedCoupons: readonly string[];
  /** How many respondents are in flight at once. */
  readonly concurrency?: number;
  readonly progress?: (done: number, total: number) => void;
  /**
   * A simulated clock the server reads: when given, respondents go one at a time and each moves it on by
   * its own minutes once the path has begun, so the server seals a realistic completion-time band.
   */
  readonly clock?: { readonly advance: (ms: number) => void; readonly minutes: (respondent: number) => number };
}

interface Page {
  readonly status: number;
  readonly html: string;
}

const onPage = (html: string, item: string): boolean => html.includes(`name="q_${item}"`) || html.includes(`name="q_${item}__`) || html.includes(`name="m_${item}"`);

const COUPON = /class="coupon">([^<]+)</g;

/** One HTTP exchange, as a browser makes it (no redirect followed here). */
function exchange(url: URL, method: 'GET' | 'POST', body?: string): Promise<{ status: number; location: string | undefined; html: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, html: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts like a browser: a 303 (Post/Redirect/Get) is followed with a GET on the same site. */
async function post(url: string, fields: readonly (readonly [string, string])[]): Promise<Page> {
  const body = new URLSearchParams(fields.map(([k, v]): [string, string] => [k, v])).toString();
  const r = await exchange(new URL(url), 'POST', body);
  if (r.status !== 303 || r.location === undefined) return { status: r.status, html: r.html };
  const g = await exchange(new URL(r.location, url), 'GET');
  return { status: g.status, html: g.html };
}

/** Takes the survey for one respondent; returns the coupons the thank-you page hands out. */
async function takeSurvey(run: SyntheticRun, response: Response, coupon: string, who: number): Promise<string[]> {
  const base = run.baseUrl.replace(/\/$/, '');
  const fail = (what: string, page?: Page): Error => new Error(`synthetic respondent ${String(who)}: ${what}${page === undefined ? '' : ` (HTTP ${page.status}: ${page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 160)})`}`);
  // The entry page in the respondent's language: the path keeps it, and the response records it.
  const entry = await fetch(`${base}/s/${encodeURIComponent(run.instrument.study)}?lang=${encodeURIComponent(response.language)}`);
  let page: Page = { status: entry.status, html: await entry.text() };
  if (page.status !== 200) throw fail('the entry page did not open', page);
  const start = fillForm(page.html, [['coupon', coupon]], ['nav', 'start']);
  if (!start.ok) throw fail(start.error);
  const target = (html: string): string => `${base}${formAction(html) ?? ''}`;
  page = await post(target(page.html), start.value);
  // The path has begun (the server noted the minute); this respondent's time passes before the pages are sent.
  if (run.clock !== undefined) run.clock.advance(run.clock.minutes(who) * 60_000);
  const items: readonly Item[] = [...itemsOf(run.instrument)];
  for (let pages = 0; ; pages++) {
    if (page.status !== 200) throw fail('a page was refused', page);
    if (!page.html.includes('name="state"')) break;
    if (pages > run.instrument.sections.length * 2) throw fail('the questionnaire does not end');
    const wanted = respondentFields(items.filter((item) => onPage(page.html, item.name)), response);
    const filled = fillForm(page.html, wanted, ['nav', 'next']);
    if (!filled.ok) throw fail(filled.error);
    page = await post(target(page.html), filled.value);
  }
  return [...page.html.matchAll(COUPON)].map((m) => m[1] ?? '');
}

/**
 * Runs every respondent through the survey; a recruit starts once the recruiter has finished and
 * uses one of the recruiter's coupons. Resolves when all are stored, rejects on the first refusal.
 */
export async function runSyntheticRespondents(run: SyntheticRun): Promise<void> {
  const { respondents } = run;
  const handedOut: string[][] = respondents.map(() => []);
  const finished: Promise<void>[] = [];
  let seedsUsed = 0;
  let done = 0;
  const slots = run.clock === undefined ? Math.max(1, run.concurrency ?? 8) : 1;
  let active = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (active < slots) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active--;
    else next();
  };
  respondents.forEach((r, i) => {
    if (r.recruiter >= i) throw new Error(`synthetic respondent ${i}: the recruiter must come earlier`);
    const seedCoupon = r.recruiter < 0 ? run.seedCoupons[seedsUsed++] : undefined;
    if (r.recruiter < 0 && seedCoupon === undefined) throw new Error(`synthetic respondent ${i}: more seeds than seed coupons`);
    const after = r.recruiter < 0 ? Promise.resolve() : (finished[r.recruiter] ?? Promise.resolve());
    finished[i] = after.then(async () => {
      const coupon = seedCoupon ?? handedOut[r.recruiter]?.shift();
      if (coupon === undefined) throw new Error(`synthetic respondent ${i}: the recruiter has no coupon left`);
      await slot();
      try {
        handedOut[i] = await takeSurvey(run, r.response, coupon, i);
      } finally {
        release();
      }
      run.progress?.(++done, respondents.length);
    });
  });
  await Promise.all(finished);
}
