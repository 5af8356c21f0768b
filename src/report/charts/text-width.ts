// Text widths for charts drawn without a canvas: DejaVu Sans advance widths, so labels are placed and wrapped as they will print.

/** Advance widths in thousandths of an em, U+0020…U+007E, read from DejaVuSans.ttf (hmtx, 2048 units per em). */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/** The same for U+0410…U+044F (А…я). */
const CYRILLIC = [
  684, 686, 686, 610, 781, 632, 1077, 641, 748, 748, 710, 752, 863, 752, 787, 752, 603, 698, 611, 609, 861, 685, 776, 686, 1069, 1094, 833, 882, 686, 698, 1080, 695,
  613, 617, 589, 525, 691, 615, 901, 532, 650, 650, 604, 639, 754, 654, 612, 654, 635, 550, 583, 592, 855, 592, 681, 591, 915, 942, 707, 790, 589, 549, 842, 602,
];

const OTHER: Readonly<Record<string, number>> = {
  'ё': 615, 'Ё': 632, '–': 500, '—': 1000, '«': 612, '»': 612, '≈': 838, '…': 1000, '\u00a0': 318, '’': 318, '“': 518, '”': 518, '\u0302': 0,
};

/** What an unknown character is taken to be: wider than most, so a label is never placed too tight. */
const UNKNOWN = 700;

/** Width in pixels of one line of `text` at `fontSize` in DejaVu Sans (the first font of the report's stack), with 3 % to spare. */
export function textWidth(text: string, fontSize: number): number {
  let total = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const known = code >= 0x20 && code < 0x7f ? ASCII[code - 0x20] : code >= 0x410 && code < 0x450 ? CYRILLIC[code - 0x410] : OTHER[ch];
    total += known ?? UNKNOWN;
  }
  return (total / 1000) * fontSize * 1.03;
}
