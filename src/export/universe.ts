// The universe of each item in words: who was asked it, from its relevance condition (and its section's), per language.

import { pick, type LocalizedText } from '../core/text.ts';
import type { Expr } from '../instrument/expression.ts';
import { isQuestion, itemsOf, type Instrument, type QuestionItem } from '../instrument/model.ts';
import { isLabelLanguage, type LabelLanguage } from './labels.ts';

const WORDS: Readonly<Record<LabelLanguage, Readonly<Record<string, string>>>> = {
  ru: {
    all: 'все респонденты',
    asked: 'респонденты, для которых',
    and: 'и',
    or: 'или',
    not: 'неверно, что',
    '=': '—',
    '!=': '— не',
    '<': 'меньше',
    '<=': 'не больше',
    '>': 'больше',
    '>=': 'не меньше',
    chosen: 'выбран ответ',
    in: 'в вопросе',
    count: 'число выбранных ответов в вопросе',
  },
  en: {
    all: 'all respondents',
    asked: 'respondents for whom',
    and: 'and',
    or: 'or',
    not: 'it is not the case that',
    '=': 'is',
    '!=': 'is not',
    '<': 'is less than',
    '<=': 'is at most',
    '>': 'is more than',
    '>=': 'is at least',
    chosen: 'the answer',
    in: 'was chosen in',
    count: 'the number of answers chosen in',
  },
};

interface Context {
  readonly items: ReadonlyMap<string, QuestionItem>;
  readonly lang: string;
  readonly w: Readonly<Record<string, string>>;
}

const choiceLabel = (ctx: Context, item: QuestionItem | undefined, code: number): string => {
  const choices = item !== undefined && 'choices' in item ? item.choices : [];
  const c = choices.find((x) => x.code === code);
  return c === undefined ? String(code) : `«${pick(c.label, ctx.lang)}» (${String(code)})`;
};

const refName = (e: Expr): string | undefined => (e.type === 'ref' ? e.name : undefined);

function words(e: Expr, ctx: Context): string {
  const w = ctx.w;
  switch (e.type) {
    case 'ref':
      return `\`${e.name}\``;
    case 'number':
      return String(e.value);
    case 'string':
      return `"${e.value}"`;
    case 'not':
      return `${w['not'] ?? ''} (${words(e.operand, ctx)})`;
    case 'selected': {
      const name = refName(e.ref);
      const code = e.code.type === 'number' ? choiceLabel(ctx, name === undefined ? undefined : ctx.items.get(name), e.code.value) : words(e.code, ctx);
      return `${w['chosen'] ?? ''} ${code} ${w['in'] ?? ''} ${words(e.ref, ctx)}`;
    }
    case 'count-selected':
      return `${w['count'] ?? ''} ${words(e.ref, ctx)}`;
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') return `(${words(e.left, ctx)}) ${w[e.op] ?? e.op} (${words(e.right, ctx)})`;
      const name = refName(e.left);
      const right = e.right.type === 'number' && (e.op === '=' || e.op === '!=') ? choiceLabel(ctx, name === undefined ? undefined : ctx.items.get(name), e.right.value) : words(e.right, ctx);
      return `${words(e.left, ctx)} ${w[e.op] ?? e.op} ${right}`;
    }
  }
}

/**
 * Per item name, who was asked it, in each of `languages` (English words for a language without them): "all
 * respondents", or the relevance conditions of its section and of the item in words, codes shown with their labels.
 */
export function universes(instrument: Instrument, languages: readonly string[]): Map<string, LocalizedText> {
  const items = new Map([...itemsOf(instrument)].filter(isQuestion).map((i) => [i.name, i]));
  const out = new Map<string, LocalizedText>();
  for (const section of instrument.sections) {
    for (const item of section.items) {
      if (!isQuestion(item)) continue;
      const conditions = [section.relevance?.expr, item.relevance?.expr].filter((e): e is Expr => e !== undefined);
      const text = Object.fromEntries(
        languages.map((lang) => {
          const ctx: Context = { items, lang, w: WORDS[isLabelLanguage(lang) ? lang : 'en'] };
          const said = conditions.map((c) => words(c, ctx)).join(` ${ctx.w['and'] ?? 'and'} `);
          return [lang, conditions.length === 0 ? (ctx.w['all'] ?? '') : `${ctx.w['asked'] ?? ''} ${said}`];
        }),
      );
      out.set(item.name, text);
    }
  }
  return out;
}
