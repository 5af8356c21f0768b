// Checks a flagship report.json against FLAGSHIP.md: every published percentage, reproduced to its printed rounding, and every association's direction.
// Shared by test/studies/report-numbers.test.ts and the end-to-end run (replica → server → pull → open → report).

/** One row of FLAGSHIP.md's "Published marginals" table: its first column and the percentages of its second. */
export interface FlagshipRow {
  readonly label: string;
  readonly numbers: readonly { readonly value: number; readonly approximate: boolean }[];
}

/** The rows of the first markdown table under the heading that starts with `heading`. */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(2); // header and separator
}

export function flagshipMarginals(markdown: string): FlagshipRow[] {
  return tableUnder(markdown, 'Published marginals').map(([label = '', value = '']) => ({
    label,
    numbers: [...value.matchAll(/(≈\s*)?(\d+(?:\.\d+)?)%/g)].map((m) => ({ value: Number(m[2]), approximate: m[1] !== undefined })),
  }));
}

/** The bullets of FLAGSHIP.md's "Associations" section. */
export function flagshipAssociations(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Associations'));
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('- ')) out.push(line.slice(2));
    else if (line.startsWith('  ') && out.length > 0) out[out.length - 1] = `${out[out.length - 1] ?? ''} ${line.trim()}`;
  }
  return out;
}

/** Which association blocks of the flagship's report.json test each FLAGSHIP.md bullet (matched by a phrase of the bullet). */
export const ASSOCIATION_KEYS: readonly (readonly [phrase: string, keys: readonly string[]])[] = [
  ['first months of the invasion were more likely', ['first_months_not_first_choice']],
  ['mobilisation was named as a factor about twice', ['mobilisation_factor']],
  ['Serbia as first choice goes with', ['first_choice_children', 'first_choice_age', 'first_choice_2023']],
  ['Higher pre-departure engagement', ['engagement_women', 'engagement_25_34', 'engagement_first_months']],
  ['No strong link between following Serbian politics', ['follow_rs_judge']],
  [
    'Younger respondents more often',
    [
      'very_negative_young_army', 'very_negative_young_putin', 'very_negative_young_ru_media',
      'no_answer_women_ru_army', 'no_answer_women_ru_putin', 'no_answer_women_ru_ru_media',
      'no_answer_women_west_zelensky', 'no_answer_women_west_west_media', 'no_answer_women_west_eu', 'no_answer_women_west_nato',
    ],
  ],
];

type Json = Record<string, unknown>;
const obj = (x: unknown): Json | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** Half away from zero, as reports print (and as src/disclosure rounds). */
const round = (x: number, decimals: number): number => (Math.sign(x) * Math.round(Math.abs(x) * 10 ** decimals + Number.EPSILON * 10 ** decimals)) / 10 ** decimals;

/** count / base n of one cell of a row, in percent; undefined when absent or suppressed. */
function share(row: Json | undefined, category: string): number | undefined {
  const n = num(obj(row?.['base'])?.['n']);
  const count = num(obj(obj(row?.['cells'])?.[category])?.['count']);
  return n === undefined || count === undefined || n === 0 ? undefined : (100 * count) / n;
}

interface Found {
  readonly where: string;
  readonly flagship: string;
  readonly value: number;
  readonly approximate: boolean;
}

/** Every published number of the figures and statements, recomputed from its counts and bases. */
function checkPublished(json: Json, problems: string[]): Found[] {
  const found: Found[] = [];
  const visit = (where: string, p: Json, shares: (number | undefined)[]): void => {
    const value = num(p['value']);
    const decimals = num(p['decimals']);
    const text = typeof p['text'] === 'string' ? p['text'] : '';
    if (value === undefined || decimals === undefined) {
      problems.push(`${where}: a published entry without value or decimals`);
      return;
    }
    const known = shares.filter((s): s is number => s !== undefined);
    if (known.length === 0 || known.length < shares.length) problems.push(`${where}: published ${text} %, but the cell is missing or suppressed`);
    else {
      const got = round(known.reduce((a, b) => a + b, 0) / known.length, decimals);
      if (got !== value) problems.push(`${where}: published ${text} %, the data give ${got} %`);
    }
    if (typeof p['flagship'] === 'string') found.push({ where, flagship: p['flagship'], value, approximate: text.trim().startsWith('≈') });
  };
  for (const [key, f] of Object.entries(obj(json['figures']) ?? {})) {
    const rows = obj(obj(f)?.['rows']) ?? {};
    for (const p of arr(obj(f)?.['published']).map(obj)) {
      if (p === undefined) continue;
      const category = String(p['category']);
      const row = typeof p['row'] === 'string' ? p['row'] : undefined;
      const which = row === undefined ? Object.values(rows) : [rows[row]];
      visit(`figures.${key}${row === undefined ? '' : `.rows.${row}`}.cells.${category}`, p, which.map((r) => share(obj(r), category)));
    }
  }
  for (const [key, s] of Object.entries(obj(json['statements']) ?? {})) {
    const st = obj(s);
    const n = num(obj(st?.['base'])?.['n']);
    const count = num(st?.['count']);
    for (const p of arr(st?.['published']).map(obj)) {
      if (p !== undefined) visit(`statements.${key}`, p, [n === undefined || count === undefined || n === 0 ? undefined : (100 * count) / n]);
    }
  }
  return found;
}

function checkAgainstFlagship(found: readonly Found[], markdown: string, problems: string[]): void {
  const rows = flagshipMarginals(markdown);
  if (rows.length === 0) problems.push('FLAGSHIP.md: no "Published marginals" table found');
  const key = (x: { value: number; approximate: boolean }): string => `${x.approximate ? '≈' : ''}${x.value}`;
  for (const row of rows) {
    const mine = found.filter((f) => f.flagship === row.label).map(key).sort();
    const theirs = row.numbers.map(key).sort();
    if (mine.join(' ') !== theirs.join(' ')) problems.push(`FLAGSHIP.md row "${row.label}": published ${theirs.join(', ')} %, the report has ${mine.length === 0 ? 'nothing' : mine.join(', ')}`);
  }
  for (const f of found) if (!rows.some((r) => r.label === f.flagship)) problems.push(`${f.where}: names FLAGSHIP.md row "${f.flagship}", which does not exist`);
}

function checkAssociations(json: Json, markdown: string, problems: string[]): void {
  const associations = obj(json['associations']) ?? {};
  const bullets = flagshipAssociations(markdown);
  if (bullets.length !== ASSOCIATION_KEYS.length) problems.push(`FLAGSHIP.md lists ${bullets.length} associations, the checks know ${ASSOCIATION_KEYS.length}`);
  for (const bullet of bullets) {
    const entry = ASSOCIATION_KEYS.find(([phrase]) => bullet.includes(phrase));
    if (entry === undefined) {
      problems.push(`FLAGSHIP.md association "${bullet}" has no check`);
      continue;
    }
    for (const k of entry[1]) {
      const a = obj(associations[k]);
      if (a === undefined) {
        problems.push(`associations.${k} is missing (for "${bullet}")`);
        continue;
      }
      const groups = Object.values(obj(a['groups']) ?? {}).map(obj);
      const shares = groups.map((g) => {
        const n = num(obj(g?.['base'])?.['n']);
        const count = num(g?.['count']);
        return n === undefined || count === undefined || n === 0 ? undefined : count / n;
      });
      const [first, second] = shares;
      const expected = a['expected'];
      if (a['holds'] !== true) problems.push(`associations.${k}: the data do not go the way the report says (${String(expected)})`);
      if (expected === 'none') {
        const p = num(obj(a['test'])?.['p']);
        if (p !== undefined && p < 0.05) problems.push(`associations.${k}: a link the report calls weak is significant (p = ${p})`);
      } else if (first !== undefined && second !== undefined && (expected === 'higher' ? !(first > second) : !(first < second))) {
        problems.push(`associations.${k}: group shares ${first} vs ${second} are not ${String(expected)}`);
      }
      if (k === 'mobilisation_factor' && first !== undefined && second !== undefined && second > 0 && (first / second < 1.5 || first / second > 2.5)) {
        problems.push(`associations.${k}: the report says "about twice", the ratio is ${first / second}`);
      }
    }
  }
  // "even then mobilisation was not the main reason": within Aug–Oct 2022 leavers, fewer name it the main reason than Russia's politics.
  const statements = obj(json['statements']) ?? {};
  const mob = num(obj(statements['mobilisation_main_in_period'])?.['count']);
  const pol = num(obj(statements['politics_main_in_period'])?.['count']);
  if (mob === undefined || pol === undefined || !(mob < pol)) problems.push(`statements: among Aug–Oct 2022 leavers mobilisation should be the main reason less often than politics (${String(mob)} vs ${String(pol)})`);
}

/** Problems found; an empty list means the report reproduces FLAGSHIP.md. */
export function checkReportJson(json: unknown, flagshipMarkdown: string): string[] {
  const problems: string[] = [];
  const root = obj(json);
  if (root === undefined) return ['report.json is not an object'];
  if (root['synthetic'] !== true) problems.push('report.json of the replica must say synthetic: true');
  const found = checkPublished(root, problems);
  checkAgainstFlagship(found, flagshipMarkdown, problems);
  checkAssociations(root, flagshipMarkdown, problems);
  return problems;
}
