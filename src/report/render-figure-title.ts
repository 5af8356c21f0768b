// A figure's caption title, "Figure 3. Main reason for leaving Russia", in one language.

import { pick, type LanguageCode } from '../core/text.ts';
import type { FigureModel } from './model.ts';
import { say } from './messages.ts';

export function figureTitle(figure: FigureModel, lang: LanguageCode): string {
  const title = pick(figure.title, lang);
  return figure.number === undefined ? title : `${say('figure', lang)} ${figure.number}. ${title}`;
}
