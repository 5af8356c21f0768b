// Long category labels broken into lines that fit beside a chart, at spaces, never inside a word.

import { textWidth } from './text-width.ts';

/**
 * `text` as lines no wider than `maxWidth` pixels at `fontSize`, as even in length as the same
 * number of lines allows (no lone word on the last line); a single word wider than that keeps a
 * line of its own.
 */
export function wrapLabel(text: string, maxWidth: number, fontSize: number): string[] {
  const greedy = fill(text, maxWidth, fontSize);
  if (greedy.length < 2) return greedy;
  // The narrowest width that still gives as many lines, found by halving (to a pixel).
  let lo = maxWidth / greedy.length;
  let hi = maxWidth;
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    if (fill(text, mid, fontSize).length > greedy.length) lo = mid;
    else hi = mid;
  }
  return fill(text, hi, fontSize);
}

function fill(text: string, maxWidth: number, fontSize: number): string[] {
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
