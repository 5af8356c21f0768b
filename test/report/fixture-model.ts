// A hand-made ReportModel for the renderer's tests: every block kind and chart kind, long Cyrillic labels, a suppressed cell, weights, comparisons, published values.
// The numbers are invented to look like the flagship study; they are not its results.

import type { Category, Cell, Comparison, FigureModel, FigureRow, ReportBase, ReportModel } from '../../src/report/model.ts';

const t = (en: string, ru: string) => ({ en, ru });

const all = (n: number): ReportBase => ({ kind: 'all', n, description: t(`of all ${n} respondents`, `от всех ${n} респондентов`) });
const asked = (n: number): ReportBase => ({ kind: 'asked', n, description: t(`of those asked (n = ${n})`, `от тех, кому задан вопрос (n = ${n})`) });

/** A cell from a count: percent of `n` to one decimal, and a weighted estimate when `w` is given as [percent, low, high]. */
function cell(count: number | null, n: number, w?: readonly [number, number, number]): Cell {
  if (count === null) return { count: null, percent: null, weighted: null };
  const percent = Math.round((1000 * count) / n) / 10;
  return w === undefined ? { count, percent } : { count, percent, weighted: { percent: w[0], low: w[1], high: w[2] } };
}

const value = (key: string, en: string, ru: string): Category => ({ key, label: t(en, ru), kind: 'value' });
const net = (key: string, en: string, ru: string): Category => ({ key, label: t(en, ru), kind: 'net' });
const missing = (key: string, en: string, ru: string): Category => ({ key, label: t(en, ru), kind: 'missing' });
const DK = missing('dk', 'Don’t know', 'Затрудняюсь ответить');
const REFUSED = missing('refused', 'Prefer not to answer', 'Предпочитаю не отвечать');

/** Figure 1: ages in bands, weighted, with Russia's mean age beside it and the published shares. */
export const AGE: FigureModel = {
  kind: 'figure',
  key: 'fig1',
  number: 1,
  title: t('Age of respondents', 'Возраст респондентов'),
  items: ['age'],
  chart: 'bars',
  categories: [value('18_24', '18–24', '18–24'), value('25_34', '25–34', '25–34'), value('35_49', '35–49', '35–49'), value('50p', '50 and older', '50 и старше')],
  rows: [
    {
      key: 'age',
      label: t('Age', 'Возраст'),
      base: all(222),
      cells: {
        '18_24': cell(12, 222, [6.1, 2.9, 9.3]),
        '25_34': cell(102, 222, [44.8, 37.6, 52.0]),
        '35_49': cell(87, 222, [39.9, 32.8, 47.0]),
        '50p': cell(21, 222, [9.2, 5.1, 13.3]),
      },
    },
  ],
  comparisons: [{ category: '', unit: 'number', value: 40.3, label: t('Mean age in Russia', 'Средний возраст в России'), source: t('Rosstat, 2023', 'Росстат, 2023') }],
  published: [
    { category: '25_34', text: '46', value: 46, decimals: 0 },
    { category: '35_49', text: '39', value: 39, decimals: 0 },
  ],
  notes: [t('Age is shown in bands by disclosure control.', 'Возраст показан интервалами по правилам контроля раскрытия.')],
};

/** Figure 3: the main reason for leaving, with long Russian labels. */
export const REASON: FigureModel = {
  kind: 'figure',
  key: 'fig3',
  number: 3,
  title: t('Main reason for leaving Russia', 'Главная причина отъезда из России'),
  items: ['leave_main'],
  chart: 'bars',
  categories: [
    value('politics', 'The morally unacceptable politics of Russia', 'Морально неприемлемая для меня политика российского государства'),
    value('mobilisation', 'Mobilisation, or the fear of being mobilised', 'Мобилизация или страх быть мобилизованным в армию'),
    value('safety', 'Fear for my own safety or my family’s', 'Опасения за собственную безопасность и безопасность своей семьи'),
    value('economy', 'Economic reasons', 'Экономические причины'),
    value('other', 'Other', 'Другое'),
    REFUSED,
  ],
  rows: [
    {
      key: 'leave_main',
      label: t('Main reason', 'Главная причина'),
      base: asked(222),
      cells: {
        politics: cell(100, 222, [43.9, 36.7, 51.1]),
        mobilisation: cell(49, 222, [23.5, 17.2, 29.8]),
        safety: cell(31, 222, [14.6, 9.4, 19.8]),
        economy: cell(18, 222, [8.3, 4.6, 12.0]),
        other: cell(15, 222, [6.4, 3.1, 9.7]),
        refused: cell(9, 222, [3.3, 1.0, 5.6]),
      },
    },
  ],
  comparisons: [],
  published: [{ category: 'politics', text: '45', value: 45, decimals: 0 }],
  notes: [],
};

/** Figure 4: difficulties in Serbia, several answers, one option suppressed. */
export const DIFFICULTIES: FigureModel = {
  kind: 'figure',
  key: 'fig4',
  number: 4,
  title: t('Difficulties since moving to Serbia', 'Трудности после переезда в Сербию'),
  items: ['difficulties'],
  chart: 'multi',
  categories: [
    value('language', 'Language barrier', 'Языковой барьер'),
    value('job', 'Finding a job', 'Поиск работы'),
    value('money', 'Financial difficulties', 'Финансовые трудности'),
    value('housing', 'Finding a place to live', 'Поиск жилья'),
    value('psych', 'Psychological difficulties: loneliness, anxiety, depression', 'Психологические трудности: одиночество, тревога, депрессия'),
    value('discrimination', 'Discrimination <script>alert(1)</script>', 'Дискриминация <script>alert(1)</script>'),
  ],
  rows: [
    {
      key: 'difficulties',
      label: t('Difficulties', 'Трудности'),
      base: asked(218),
      cells: {
        language: cell(131, 218),
        job: cell(70, 218),
        money: cell(66, 218),
        housing: cell(59, 218),
        psych: cell(92, 218),
        discrimination: cell(null, 218),
      },
    },
  ],
  comparisons: [],
  published: [],
  notes: [t('One option is suppressed: fewer than 5 respondents chose it.', 'Один вариант скрыт: его выбрали меньше 5 респондентов.')],
};

/** Figure 8: personal responsibility, with outside comparisons on one category. */
export const RESPONSIBILITY: FigureModel = {
  kind: 'figure',
  key: 'fig8',
  number: 8,
  title: t('Do you feel personally responsible for Russia’s political future?', 'Чувствуете ли Вы личную ответственность за политическое будущее России?'),
  items: ['resp_future'],
  chart: 'bars',
  categories: [
    value('yes', 'Yes', 'Да'),
    value('no', 'No', 'Нет'),
    value('no_longer', 'I used to, but no longer do', 'Раньше чувствовал(а), теперь нет'),
    DK,
    REFUSED,
  ],
  rows: [
    {
      key: 'resp_future',
      label: t('Responsibility', 'Ответственность'),
      base: asked(222),
      cells: { yes: cell(53, 222, [22.9, 16.8, 29.0]), no: cell(51, 222, [24.1, 17.9, 30.3]), no_longer: cell(96, 222, [42.2, 35.0, 49.4]), dk: cell(14, 222, [7.0, 3.5, 10.5]), refused: cell(8, 222, [3.8, 1.2, 6.4]) },
    },
  ],
  comparisons: [
    { category: 'no_longer', unit: 'percent', value: 19, label: t('Russian emigrants in Georgia, late 2022', 'Эмигранты из России в Грузии, конец 2022'), source: t('ZOIS', 'ZOIS') },
    { category: 'no_longer', unit: 'percent', value: 27, label: t('Russian emigrants in Armenia, late 2022', 'Эмигранты из России в Армении, конец 2022'), source: t('ZOIS', 'ZOIS') },
  ],
  published: [
    { category: 'yes', text: '24', value: 24, decimals: 0 },
    { category: 'no', text: '23', value: 23, decimals: 0 },
    { category: 'no_longer', text: '43', value: 43, decimals: 0 },
  ],
  notes: [],
};

const EVAL_CATEGORIES: readonly Category[] = [
  value('vpos', 'Very positive', 'Очень положительно'),
  value('pos', 'Rather positive', 'Скорее положительно'),
  value('neg', 'Rather negative', 'Скорее отрицательно'),
  value('vneg', 'Very negative', 'Очень отрицательно'),
  net('positive', 'Positive', 'Положительно'),
  net('negative', 'Negative', 'Отрицательно'),
  DK,
  REFUSED,
  // A group of the two non-answers above: it overlaps them, so the spec makes it a net.
  { key: 'no_answer', label: t('Don’t know or prefer not to answer', 'Затрудняюсь ответить или предпочитаю не отвечать'), kind: 'net' },
];

function evalRow(key: string, en: string, ru: string, counts: readonly [number, number, number, number, number, number], n = 222): FigureRow {
  const [vpos, pos, neg, vneg, dk, refused] = counts;
  return {
    key,
    label: t(en, ru),
    base: asked(n),
    cells: {
      vpos: cell(vpos, n),
      pos: cell(pos, n),
      neg: cell(neg, n),
      vneg: cell(vneg, n),
      positive: cell(vpos + pos, n),
      negative: cell(neg + vneg, n, [Math.round((1000 * (neg + vneg)) / n) / 10 - 1.2, Math.round((1000 * (neg + vneg)) / n) / 10 - 8.1, Math.round((1000 * (neg + vneg)) / n) / 10 + 5.7]),
      dk: cell(dk, n),
      refused: cell(refused, n),
      no_answer: cell(dk + refused, n),
    },
  };
}

/** Figure 10: a battery drawn as stacked 100 % bars, nets in the table only. */
export const EVAL_RU: FigureModel = {
  kind: 'figure',
  key: 'fig10',
  number: 10,
  title: t('How do you view the actions of…', 'Как Вы оцениваете деятельность…'),
  items: ['eval_ru'],
  chart: 'stacked',
  categories: EVAL_CATEGORIES,
  rows: [
    evalRow('army', 'the Russian army', 'российской армии', [6, 14, 41, 112, 30, 19]),
    evalRow('putin', 'Vladimir Putin', 'Владимира Путина', [4, 8, 22, 151, 20, 17]),
    evalRow('ru_media', 'the Russian media', 'российских государственных и провластных средств массовой информации', [3, 6, 38, 138, 21, 16]),
  ],
  comparisons: [],
  published: [
    { category: 'negative', row: 'army', text: '69', value: 69, decimals: 0 },
    { category: 'negative', row: 'putin', text: '77.7', value: 77.7, decimals: 1 },
    { category: 'negative', row: 'ru_media', text: '79.2', value: 79.2, decimals: 1 },
  ],
  notes: [t('Nets: positive = very + rather positive; negative = very + rather negative.', 'Суммы: положительно = очень + скорее положительно; отрицательно = очень + скорее отрицательно.')],
};

const LEVADA: Comparison = {
  category: 'yes',
  unit: 'percent',
  value: 17,
  label: t('Russians interested in mass protests, 2021', 'Россияне, интересующиеся массовыми протестами, 2021'),
  source: t('Levada Center', 'Левада-Центр'),
};

export const FIXTURE: ReportModel = {
  study: 'russians-in-serbia',
  instrumentVersion: '2024.1',
  title: t('Russians Post Portas: the new Russian diaspora in Serbia', 'Russians Post Portas: новая российская диаспора в Сербии'),
  subtitle: t('A replica of the 2024 survey of anti-war Russian emigrants', 'Реплика опроса антивоенных эмигрантов из России 2024 года'),
  languages: ['en', 'ru'],
  synthetic: true,
  sample: { n: 222, firstPeriod: '2024-W15', lastPeriod: '2024-W26', seeds: 12, waves: 7 },
  sections: [
    {
      key: 'profile',
      title: t('Who took part', 'Кто принял участие'),
      intro: t('Sex, age and education of the respondents.', 'Пол, возраст и образование респондентов.'),
      blocks: [
        AGE,
        {
          kind: 'statement',
          key: 'age_mean',
          text: t('Mean age of the respondents', 'Средний возраст респондентов'),
          items: ['age'],
          base: { kind: 'answered', n: 222, description: t('of the 222 who answered', 'из 222 ответивших') },
          cell: { count: 222, percent: 100 },
          mean: { value: 37.1, decimals: 1 },
          comparisons: [{ category: 'answered', unit: 'number', value: 40.3, label: t('Mean age in Russia', 'Средний возраст в России'), source: t('Rosstat', 'Росстат') }],
          published: [],
        },
        {
          kind: 'statement',
          key: 'men',
          text: t('Men among the respondents', 'Мужчины среди респондентов'),
          items: ['sex'],
          base: { kind: 'answered', n: 219, description: t('of those who answered (n = 219)', 'от ответивших (n = 219)') },
          cell: cell(116, 219, [51.8, 44.6, 59.0]),
          comparisons: [{ category: '1', unit: 'percent', value: 46, label: t('Men in Russia’s population', 'Мужчины в населении России'), source: t('Rosstat', 'Росстат') }],
          published: [{ category: '1', text: '53', value: 53, decimals: 0 }],
        },
      ],
    },
    {
      key: 'departure',
      title: t('Leaving Russia', 'Отъезд из России'),
      blocks: [
        REASON,
        {
          kind: 'association',
          key: 'mobilisation_timing',
          claim: t(
            'Those who left in August–October 2022 named mobilisation about twice as often as those who left at other times.',
            'Уехавшие в августе–октябре 2022 года называли мобилизацию примерно вдвое чаще, чем уехавшие в другое время.',
          ),
          measure: t('share naming mobilisation as a factor', 'доля назвавших мобилизацию среди причин'),
          groups: [
            { key: 'autumn22', label: t('Left Aug–Oct 2022', 'Уехали в авг.–окт. 2022'), base: { kind: 'subgroup', n: 75, description: t('left Aug–Oct 2022', 'уехали в авг.–окт. 2022') }, cell: cell(51, 75, [66.0, 54.1, 77.9]) },
            { key: 'other', label: t('Left at other times', 'Уехали в другое время'), base: { kind: 'subgroup', n: 147, description: t('left at other times', 'уехали в другое время') }, cell: cell(46, 147, [30.2, 22.4, 38.0]) },
          ],
          expected: 'higher',
          holds: true,
          test: { name: 'Rao–Scott F', design: 'chains', statistic: 22.41, ndf: 1, ddf: 11, p: 0.00002, clusters: 12 },
        },
        DIFFICULTIES,
      ],
    },
    {
      key: 'politics',
      title: t('Politics', 'Политика'),
      blocks: [
        RESPONSIBILITY,
        {
          kind: 'statement',
          key: 'protest_before',
          text: t('Joined a protest unrelated to Ukraine before leaving', 'До отъезда участвовали в протесте, не связанном с Украиной'),
          items: ['civic_before'],
          base: all(222),
          cell: cell(49, 222),
          comparisons: [LEVADA],
          published: [{ category: 'yes', text: '22', value: 22, decimals: 0 }],
        },
        {
          kind: 'association',
          key: 'follow_judge',
          claim: t('No strong link between following Serbian politics and willingness to judge the government.', 'Нет сильной связи между интересом к сербской политике и готовностью оценивать правительство.'),
          measure: t('share giving a view of the government', 'доля давших оценку правительству'),
          groups: [
            { key: 'follow', label: t('Follow regularly', 'Следят регулярно'), base: { kind: 'subgroup', n: 33, description: t('follow regularly', 'следят регулярно') }, cell: cell(15, 33) },
            { key: 'rest', label: t('Others', 'Остальные'), base: { kind: 'subgroup', n: 189, description: t('others', 'остальные') }, cell: cell(80, 189) },
          ],
          expected: 'none',
          holds: true,
          test: { name: 'Pearson X²', design: 'unweighted', statistic: 0.12, ndf: 1, ddf: null, p: 0.73, clusters: null },
        },
        {
          kind: 'association',
          key: 'young_negative',
          claim: t('Younger respondents more often answered “very negative”.', 'Молодые респонденты чаще отвечали «очень отрицательно».'),
          measure: t('share “very negative” about the army', 'доля «очень отрицательно» об армии'),
          groups: [
            { key: 'young', label: t('Under 35', 'Моложе 35'), base: { kind: 'subgroup', n: 114, description: t('under 35', 'моложе 35') }, cell: cell(null, 114) },
            { key: 'old', label: t('35 and older', '35 и старше'), base: { kind: 'subgroup', n: 108, description: t('35 and older', '35 и старше') }, cell: cell(55, 108) },
          ],
          expected: 'higher',
          holds: false,
          test: null,
        },
        EVAL_RU,
      ],
    },
    {
      key: 'size',
      title: t('How many are there?', 'Сколько их?'),
      blocks: [
        {
          kind: 'population',
          key: 'multipliers',
          title: t('Recent Russian emigrants in Serbia: multiplier estimates', 'Недавние эмигранты из России в Сербии: оценки методом множителя'),
          rows: [
            {
              key: 'residence',
              source: t('Temporary residence permits granted to Russians', 'Временные виды на жительство, выданные гражданам России'),
              count: 30000,
              item: 'residence',
              share: 0.712,
              estimate: 42135,
              low: 37420,
              high: 48210,
              caveat: t('Permits include people who have since left.', 'Среди получивших разрешения есть уже уехавшие.'),
            },
            {
              key: 'work_permit',
              source: t('Work permits issued to Russian citizens in 2023', 'Разрешения на работу, выданные гражданам России в 2023 году'),
              count: 20000,
              item: 'work_permit23',
              share: 0.398,
              estimate: 50251,
              low: 42010,
              high: 62530,
              caveat: t('Remote workers often need no permit.', 'Удалённым работникам разрешение часто не нужно.'),
            },
          ],
          context: [
            { label: t('The original report’s conclusion', 'Вывод исходного отчёта'), value: t('at least 30,000, possibly a dozen thousand more', 'не меньше 30 000, возможно, на десяток тысяч больше') },
            { label: t('A tabloid’s claim, dismissed as unsubstantiated', 'Утверждение таблоида, отвергнутое как необоснованное'), value: t('370,000', '370 000') },
          ],
        },
      ],
    },
    {
      key: 'voices',
      title: t('In their words', 'Своими словами'),
      blocks: [
        {
          kind: 'quotes',
          key: 'hardest',
          title: t('What has been hardest', 'Что было труднее всего'),
          quotes: [
            { text: 'Труднее всего было понять, что возвращаться некуда.', attribution: t('Female, ≈ 35 years of age', 'Женщина, ≈ 35 лет') },
            { text: 'Язык. И бумажки, бесконечные бумажки <b>без конца</b>.', attribution: t('Male, ≈ 30 years of age', 'Мужчина, ≈ 30 лет') },
          ],
        },
      ],
    },
  ],
  strobe: [
    { id: 'seeds', number: '6a', topic: t("How seeds were chosen", "Как выбирались «семена»"), source: 'missing', text: null },
    { id: 'network_question', number: '7', topic: t("The exact network-size question", "Точная формулировка вопроса о размере сети"), source: 'data', text: t("“How many Russians in Serbia do you know?”", "«Сколько россиян в Сербии вы знаете?»") },
  ],
  methods: {
    paragraphs: [
      { heading: t('Sampling', 'Выборка'), text: t('Respondent-driven sampling: each respondent received three coupons to pass on.', 'Выборка, управляемая респондентами: каждый получил три купона для передачи знакомым.') },
      { heading: t('Weights', 'Веса'), text: t('RDS-II weights from reported network sizes; intervals by successive sampling bootstrap.', 'Веса RDS-II по размерам сетей; интервалы — бутстрепом последовательной выборки.') },
    ],
  },
  disclosure: {
    k: 5,
    minCell: 5,
    lines: [t('Age shown in 5-year bands.', 'Возраст показан пятилетними интервалами.'), t('1 cell suppressed in Figure 4.', 'В рисунке 4 скрыта 1 ячейка.')],
  },
};

/** The same report, declared real: no stamp may appear. */
export const FIXTURE_REAL: ReportModel = { ...FIXTURE, synthetic: false };

/** Every figure of the fixture, in order. */
export const FIXTURE_FIGURES: readonly FigureModel[] = FIXTURE.sections.flatMap((s) => s.blocks).filter((b): b is FigureModel => b.kind === 'figure');
