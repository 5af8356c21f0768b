// The two shapes every chart is drawn in: wide (labels beside the bars, screens and print) and narrow (labels above, phones).

import { LINE_HEIGHT } from './chart-style.ts';

export interface ChartLayout {
  readonly name: 'wide' | 'narrow';
  /** Width of the plotting area, in pixels. */
  readonly plotWidth: number;
  /** Widest line of a label, in pixels. */
  readonly labelWidth: number;
  /** Labels on their own lines above each bar instead of beside it. */
  readonly labelsAbove: boolean;
}

export const WIDE: ChartLayout = { name: 'wide', plotWidth: 400, labelWidth: 230, labelsAbove: false };
/** Fits a 360 px phone at 1:1, so text stays at its real size. */
export const NARROW: ChartLayout = { name: 'narrow', plotWidth: 262, labelWidth: 300, labelsAbove: true };

export const LAYOUTS: readonly ChartLayout[] = [WIDE, NARROW];

export interface BandGeometry {
  /** Height of one band (bar plus its label when above). */
  readonly step: number;
  /** Bar thickness. */
  readonly bar: number;
  /** How far the bar's centre sits below the band's centre. */
  readonly barOffset: number;
  /** How far below the band's centre the label's last line ends, 3 px above the bar (labels above only). */
  readonly labelBottom: number;
}

/** Band sizes for labels already wrapped into lines joined by "\n". */
export function bandGeometry(labels: readonly string[], layout: ChartLayout, bar = 16): BandGeometry {
  const lines = Math.max(1, ...labels.map((l) => l.split('\n').length));
  if (!layout.labelsAbove) return { step: Math.max(bar + 12, lines * LINE_HEIGHT + 10), bar, barOffset: 0, labelBottom: 0 };
  // 12 px above the label (space from the bar before), 3 px between label and bar, 5 px below the bar.
  const step = 12 + lines * LINE_HEIGHT + 3 + bar + 5;
  const barOffset = step / 2 - 5 - bar / 2;
  return { step, bar, barOffset, labelBottom: barOffset - bar / 2 - 3 };
}
