// Printable sheets a researcher keeps on paper: the key's recovery sheet, one page per key share, seed coupons.
// Self-contained HTML (inline style, nothing fetched), each sheet saying what it is and who may hold it.

import { esc } from '../collect/html.ts';

const PRINT_STYLE = `body{font:11pt/1.45 system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;color:#000}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}.code{font:1.05rem/1.6 monospace;overflow-wrap:anywhere;border:1px solid #000;padding:.6rem;margin:.5rem 0}
.coupon{font:1.4rem/1.6 monospace;letter-spacing:.08em;border:1px dashed #000;padding:.8rem;margin:.4rem 0;break-inside:avoid}
.page{break-after:page}.page:last-child{break-after:auto}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.warn{border-left:4px solid #000;padding-left:.6rem}@media print{.noprint{display:none}}`;

function sheet(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${PRINT_STYLE}</style></head><body>${body}<p class="noprint"><button onclick="print()">Print</button></p></body></html>`;
}

export interface RecoverySheetData {
  readonly study: string;
  readonly keyId: string;
  readonly kind: 'hybrid' | 'x25519';
  readonly publicKeyFile: string;
  readonly keyFile: string;
  /** The day the key was made (YYYY-MM-DD), passed in. */
  readonly made: string;
  readonly shares: readonly { readonly index: number; readonly threshold: number; readonly count: number; readonly text: string }[];
}

/** The recovery sheet: where the key is and how to get it back; then, when split, one page per share holder. */
export function recoverySheetHtml(d: RecoverySheetData): string {
  const split = d.shares[0];
  const facts = `<dl><dt>Study</dt><dd>${esc(d.study)}</dd><dt>Key</dt><dd>${esc(d.keyId)} (${d.kind === 'hybrid' ? 'post-quantum ML-KEM-768 + X25519' : 'X25519'})</dd><dt>Made</dt><dd>${esc(d.made)}</dd><dt>Key file</dt><dd>${esc(d.keyFile)}</dd><dt>Public key</dt><dd>${esc(d.publicKeyFile)}</dd></dl>`;
  const recovery = split === undefined
    ? '<p>The key is not split. Keep copies of the key file in two safe places; without it and its passphrase the responses can never be opened, by anyone.</p>'
    : `<p>The key is split into ${String(split.count)} shares; any ${String(split.threshold)} of them rebuild it, fewer reveal nothing. Give each share page to a different person. To rebuild: <code>portas key join SHARE… --out KEY_FILE</code>, or Keys → Restore in the studio.</p>`;
  const front = `<section class="page"><h1>Recovery sheet: study ${esc(d.study)}</h1>${facts}<p class="warn">Responses are sealed to this key on the respondent's device. Only someone holding the key file and its passphrase${split === undefined ? '' : `, or ${String(split.threshold)} of the shares,`} can open them. The passphrase is not on this sheet: never write it here.</p>${recovery}</section>`;
  const pages = d.shares.map((s) => `<section class="page"><h1>Key share ${String(s.index)} of ${String(s.count)}: study ${esc(d.study)}</h1>${facts}<p>Any ${String(s.threshold)} of the ${String(s.count)} shares rebuild the study key. Keep this page private; one share alone reveals nothing.</p><p class="code">${esc(s.text)}</p></section>`);
  return sheet(`Recovery sheet: ${d.study}`, [front, ...pages].join(''));
}

/** The seed coupon sheet: each code once, to cut apart and hand to one seed each. */
export function couponSheetHtml(study: string, codes: readonly string[], expiry: string | undefined): string {
  const cells = codes.map((c) => `<p class="coupon">${esc(c)}</p>`).join('');
  const until = expiry === undefined ? '' : ` They may be used until the end of ${esc(expiry)}.`;
  return sheet(`${study}: seed coupons`, `<h1>${esc(study)}: ${String(codes.length)} seed coupons</h1><p>Cut along the lines; give one to each seed. Each works once.${until} This sheet is the only copy of the codes.</p>${cells}`);
}
