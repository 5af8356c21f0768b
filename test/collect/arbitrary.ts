// Random instruments and answers for property tests of the respondent's path.

import fc from 'fast-check';
import type { Rng } from '../../src/core/rng.ts';
import { parseExpression } from '../../src/instrument/expression.ts';
import type { Answer, Choice, Instrument, Item, Relevance, Section } from '../../src/instrument/model.ts';

const label = (s: string) => ({ en: s });
const choices: readonly Choice[] = [1, 2, 3].map((code) => ({ code, label: label(`c${code}`) }));
const texts = { intro: label('i'), skipReminder: label('s'), stopReminder: label('t'), thanks: label('k') };

function relevance(source: string): Relevance {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { source, expr: parsed.value };
}

/** A condition on an item from an earlier page, or none. */
const conditionOn = (earlier: readonly string[]) =>
  earlier.length === 0
    ? fc.constant(undefined)
    : fc.option(
        fc.tuple(fc.constantFrom(...earlier), fc.integer({ min: 1, max: 3 }), fc.constantFrom('=', '!=', 'not', 'sel')).map(([name, code, how]) =>
          how === 'not' ? `not(\${${name}} = ${code})` : how === 'sel' ? `selected(\${${name}}, '${code}')` : `\${${name}} ${how} ${code}`,
        ),
        { nil: undefined },
      );

/** Instruments of 1–6 pages of single-choice items whose conditions point to earlier pages. */
export const arbInstrument: fc.Arbitrary<Instrument> = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 })
  .chain((sizes) => {
    const names = sizes.map((n, p) => Array.from({ length: n }, (_, i) => `p${p}_q${i}`));
    const pageArbs = names.map((pageNames, p) => {
      const earlier = names.slice(0, p).flat();
      return fc.tuple(conditionOn(earlier), fc.tuple(...pageNames.map(() => conditionOn(earlier))));
    });
    return fc.tuple(...pageArbs).map((pages): Instrument => {
      const sections: Section[] = pages.map(([sectionCond, itemConds], p) => ({
        name: `page${p}`,
        title: label(`Page ${p}`),
        ...(sectionCond ? { relevance: relevance(sectionCond) } : {}),
        items: itemConds.map(
          (cond, i): Item => ({
            kind: 'single',
            name: names[p]![i]!,
            label: label('q'),
            flags: { quasiIdentifier: false, sensitive: false },
            offers: new Set(['dont_know', 'refused'] as const),
            choices,
            ordered: false,
            nets: [],
            recodes: [],
            shuffle: false,
            ...(cond ? { relevance: relevance(cond) } : {}),
          }),
        ),
      }));
      return { study: 'prop', version: '1', title: label('t'), languages: ['en'], texts, sections };
    });
  });

/** A random answer of the right kind for an item, or undefined (skipped). */
export function randomAnswer(item: Item, rng: Rng): Answer | undefined {
  if (rng.nextInt(5) === 0) return undefined;
  if (item.offers.size > 0 && rng.nextInt(6) === 0) return { kind: 'missing', missing: [...item.offers][rng.nextInt(item.offers.size)]! };
  switch (item.kind) {
    case 'single':
      return { kind: 'choice', code: item.choices[rng.nextInt(item.choices.length)]!.code };
    case 'multiple':
      return { kind: 'choices', codes: item.choices.filter(() => rng.nextInt(2) === 0).map((c) => c.code) };
    case 'battery':
      return { kind: 'battery', rows: Object.fromEntries(item.rows.map((r) => [r.name, item.scale[rng.nextInt(item.scale.length)]!.code])) };
    case 'integer':
      return { kind: 'integer', value: item.min + rng.nextInt(item.max - item.min + 1) };
    case 'decimal': {
      const scale = 10 ** item.decimals;
      const steps = Math.floor((item.max - item.min) * scale);
      return { kind: 'decimal', value: Math.round((item.min + rng.nextInt(steps + 1) / scale) * scale) / scale };
    }
    case 'date': {
      const year = String(Number(item.min.slice(0, 4)) + 1 + rng.nextInt(Math.max(1, Number(item.max.slice(0, 4)) - Number(item.min.slice(0, 4)) - 1)));
      const month = String(1 + rng.nextInt(12)).padStart(2, '0');
      const day = String(1 + rng.nextInt(28)).padStart(2, '0');
      return { kind: 'date', value: item.precision === 'year' ? year : item.precision === 'month' ? `${year}-${month}` : `${year}-${month}-${day}` };
    }
    case 'text':
    case 'long_text':
      return { kind: 'text', value: `текст ${rng.nextInt(1000)}` };
    case 'note':
      return undefined;
  }
}
