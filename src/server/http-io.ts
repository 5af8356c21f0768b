// Reading requests and writing responses with node:http: bounded bodies, strict form decoding, fixed headers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormFields } from '../collect/parse-form.ts';
import { paddedHtml } from './page-size.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

/** Largest form accepted: a long questionnaire page with several 5,000-character answers fits easily. */
export const MAX_BODY_BYTES = 256 * 1024;

export type BodyProblem = 'too-large' | 'malformed' | 'wrong-type';

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ ok: true; body: Buffer } | { ok: false; problem: BodyProblem }> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    return { ok: false, problem: 'too-large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return { ok: false, problem: 'too-large' };
    }
    chunks.push(chunk);
  }
  return { ok: true, body: Buffer.concat(chunks) };
}

/**
 * Reads and drops a request body we will not use, before answering: a response sent while the client is still
 * writing makes Node close the socket under it, and the client sees a reset instead of our page. Bodies over
 * the limit are left to drain on their own (the server's request timeout bounds them).
 */
export async function discardBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<void> {
  if (req.complete) return;
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) break;
    }
  } catch {
    // An aborted request: nothing left to wait for.
  }
  req.resume(); // past the limit: let the rest drain on its own
}

/**
 * Decodes application/x-www-form-urlencoded strictly: invalid percent-escapes or UTF-8 are refused,
 * never silently replaced, so a damaged answer is never stored as something else.
 */
export function decodeForm(req: IncomingMessage, body: Buffer): { ok: true; fields: FormFields } | { ok: false; problem: BodyProblem } {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, problem: 'wrong-type' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const fields: [string, string][] = [];
  if (text === '') return { ok: true, fields };
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      fields.push([decodeURIComponent(rawName.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' '))]);
    } catch {
      return { ok: false, problem: 'malformed' };
    }
  }
  if (fields.length > 2000) return { ok: false, problem: 'too-large' };
  return { ok: true, fields };
}

/**
 * Sends a response; HTML pages are padded (and gzip-compressed when accepted) so that their size says nothing, to at
 * least the size of `floor` when given (a questionnaire page at its heaviest: page-size.ts).
 */
export function send(res: ServerResponse, status: number, body: string, contentType = 'text/html; charset=utf-8', extra: Readonly<Record<string, string>> = {}, floor?: string): void {
  res.sendDate = false;
  res.statusCode = status;
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.setHeader('Content-Type', contentType);
  if (contentType.startsWith('text/html') && body !== '') {
    const page = paddedHtml(body, res.req.headers['accept-encoding'], floor);
    for (const [k, v] of Object.entries(page.headers)) res.setHeader(k, v);
    res.setHeader('Content-Length', page.bytes.length);
    res.end(page.bytes);
    return;
  }
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 303, '', 'text/plain; charset=utf-8', { Location: location });
}
