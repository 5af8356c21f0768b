// A note: text shown to the respondent that asks nothing, has no value and no column.

import { mismatch } from './html-parts.ts';
import type { KindModule } from './kind.ts';

export const note: KindModule<'note'> = {
  kind: 'note',
  describe: 'text shown on the page; asks nothing',
  keys: [],
  requiredKeys: [],
  load: ({ base }) => ({ ...base, kind: 'note' }),
  render: (item, _view, h) => `<p>${h.text(item.label)}</p>`,
  parse: () => ({ kind: 'skipped' }),
  answerFields: (item, answer) => mismatch(item, answer),
  sample: () => undefined,
  isAnswer: () => false,
  columns: () => ({ columns: [] }),
  missingKinds: () => [],
  preview: () => [],
  report: () => ({ codes: [], nets: [], numeric: false, freeText: false }),
  widest: () => [],
  xlsform: () => ({ type: 'note' }),
};
