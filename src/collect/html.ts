// Minimal HTML building: escaping and the one inline stylesheet every respondent page carries.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double-quoted attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * The only stylesheet: inline, generic font families, no images, no url(). The server allows
 * exactly this text by its hash in the Content-Security-Policy. Mobile first (360 px).
 */
export const STYLE = `body{font:1.05rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:.75rem;color:#111;background:#fff}
h1{font-size:1.3rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem}
fieldset{border:0;border-top:1px solid #ccc;margin:0 0 1rem;padding:.6rem 0 0}legend{font-weight:600;padding:0}
label{display:block;padding:.35rem 0;min-height:1.6rem}input[type=radio],input[type=checkbox]{width:1.2rem;height:1.2rem;vertical-align:-.2rem;margin-right:.5rem}
input[type=text],textarea{box-sizing:border-box;width:100%;font:inherit;padding:.4rem;border:1px solid #777}
textarea{min-height:6rem}.hint,.small{color:#444;font-size:.92rem}.err{color:#a00;font-weight:600}
.row{margin-left:.8rem}.nav{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
button{font:inherit;padding:.6rem 1rem;border:1px solid #333;background:#eee;color:#111;border-radius:.3rem}
button.go{background:#124;color:#fff}button.stop{background:#fff;border-color:#a00;color:#a00}
.lang button{padding:.2rem .6rem;font-size:.9rem}.coupon{font:1.4rem/1.6 monospace;letter-spacing:.08em}
.synthetic{background:#fe0;padding:.3rem;font-weight:700}`;

/** A whole page: one document, no subresources, the stylesheet inline. */
export function document(lang: string, title: string, body: string): string {
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
