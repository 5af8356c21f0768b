// Reads a POSTed body: url-encoded forms, and multipart/form-data (RFC 7578) for the XLSForm and share uploads.

export interface ParsedForm {
  readonly form: Map<string, string>;
  readonly files: Map<string, { readonly name: string; readonly bytes: Uint8Array }>;
}

const decoder = new TextDecoder('utf-8');

/** The body as fields and files, or a message saying why it cannot be read. */
export function parseBody(contentType: string, body: Uint8Array): ParsedForm | string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded' || (type === '' && body.length === 0)) {
    return { form: new Map(new URLSearchParams(decoder.decode(body))), files: new Map() };
  }
  if (type !== 'multipart/form-data') return `a form cannot be sent as ${type}`;
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (b === undefined) return 'the upload names no boundary';
  return parseMultipart(body, b);
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first ?? 0, from); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first ?? 0, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Parts are separated by CRLF--boundary; each has headers, a blank line, then its bytes. */
export function parseMultipart(body: Uint8Array, boundary: string): ParsedForm | string {
  const form = new Map<string, string>();
  const files = new Map<string, { name: string; bytes: Uint8Array }>();
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  let at = indexOf(body, delimiter, 0);
  if (at === -1) return 'the upload is cut short';
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return { form, files }; // the closing `--boundary--`
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return 'the upload is malformed';
    const headEnd = indexOf(body, new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]), at + 2);
    if (headEnd === -1) return 'the upload is malformed';
    const head = decoder.decode(body.subarray(at + 2, headEnd));
    const next = indexOf(body, new Uint8Array([0x0d, 0x0a, ...delimiter]), headEnd + 4);
    if (next === -1) return 'the upload is cut short';
    const content = body.subarray(headEnd + 4, next);
    const disposition = head.split('\r\n').find((l) => l.toLowerCase().startsWith('content-disposition:')) ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename === undefined) form.set(name, decoder.decode(content));
      else if (filename !== '' || content.length > 0) files.set(name, { name: filename.replace(/^.*[\\/]/, ''), bytes: content.slice() });
    }
    at = next + 2;
  }
}
