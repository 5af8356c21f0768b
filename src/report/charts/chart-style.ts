// Sizes, fonts and the shared Vega-Lite config of every report chart.

import type { Config } from 'vega-lite';

/** The report's font stack: DejaVu Sans first (Debian's fonts-dejavu-core, full Cyrillic), then what other systems have. */
export const FONT = "'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial, sans-serif";
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 15;

export const CONFIG: Config = {
  font: FONT,
  background: '#ffffff',
  padding: { left: 4, right: 8, top: 6, bottom: 4 },
  view: { stroke: null },
  axis: {
    labelFont: FONT,
    labelFontSize: FONT_SIZE,
    labelColor: '#1b1b1b',
    titleFont: FONT,
    titleFontSize: FONT_SIZE,
    titleFontWeight: 'normal',
    titleColor: '#1b1b1b',
    domainColor: '#767676',
    tickColor: '#767676',
    gridColor: '#e3e3e3',
    labelLimit: 0,
  },
  text: { font: FONT, fontSize: FONT_SIZE },
};

/** CONFIG as Vega-Lite hands it to Vega: the axis settings, and the fonts as styles. */
export const VEGA_CONFIG = {
  axis: CONFIG.axis,
  style: {
    'guide-label': { font: FONT },
    'guide-title': { font: FONT },
    'group-title': { font: FONT },
    'group-subtitle': { font: FONT },
    cell: { stroke: null },
    text: { font: FONT, fontSize: FONT_SIZE },
  },
};
