// Long category labels broken into lines that fit beside a chart, at spaces, never inside a word.

import { textWidth } from './text-width.ts';

/** `text` as lines no wider than `maxWidth` pixels at `fontSize`; a single word wider than that keeps a line of its own. */
export function wrapLabel(text: string, maxWidth: number, fontSize: number): string[] {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}
