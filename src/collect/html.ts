// Minimal HTML building: escaping and the one inline stylesheet every respondent page carries.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double-quoted attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * The only stylesheet: inline, generic font families, no images, no url(). The server allows
 * exactly this text by its hash in the Content-Security-Policy. Mobile first (360 px).
 */
export const STYLE = `body{font:1.05rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere;hyphens:auto;margin:0 auto;max-width:40rem;padding:.75rem;color:#111;background:#fff}
h1{font-size:1.3rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1rem 0 .4rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}legend{font-weight:600;padding:0;margin-bottom:.2rem}
label{display:flex;align-items:center;gap:.6rem;min-height:2.75rem;padding:.1rem 0}.field label{font-weight:600;min-height:0}
input[type=radio],input[type=checkbox]{flex:none;width:1.5rem;height:1.5rem;margin:0}
input[type=text],textarea{box-sizing:border-box;width:100%;min-height:2.75rem;font:inherit;padding:.4rem;border:1px solid #555}
textarea{min-height:6rem}.hint,.small{color:#444;font-size:.92rem}.err{color:#a00;font-weight:600}
.errs{border:3px solid #a00;padding:0 .8rem;margin:.4rem 0 1rem}.errs h2{color:#a00;margin:.5rem 0}.errs a{color:#a00;font-weight:600}
.notice{border-left:4px solid #124;background:#eef;padding:.4rem .6rem}
.row{margin-left:.8rem}.nav{display:flex;flex-direction:column;gap:.6rem;margin:1.2rem 0}
button{font:inherit;min-height:2.75rem;padding:.5rem 1rem;border:1px solid #333;background:#eee;color:#111;border-radius:.3rem}
button.go{background:#124;color:#fff}button.stop{background:#fff;border-color:#a00;color:#a00}
.foot{margin:2.5rem 0 1rem;padding-top:1rem;border-top:1px solid #ccc}
.lang{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}.lang a{display:inline-block;padding:.6rem .5rem;color:#124}.lang button{background:#fff}
.codes{list-style:none;padding:0}.save{display:inline-block;padding:.6rem 0}.coupon{font:1.4rem/1.6 monospace;letter-spacing:.08em;white-space:nowrap}@media (max-width:16rem){.coupon{font-size:1.05rem}}.addr{font-family:monospace;overflow-wrap:anywhere}
.about dt{font-weight:600}.about dd{margin:0 0 .4rem}
.synthetic{background:#fe0;padding:.3rem;font-weight:700}`;

/** A whole page: one document, no subresources, the stylesheet inline. */
export function document(lang: string, title: string, body: string): string {
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
