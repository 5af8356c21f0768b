// The studio's gate: loopback Host only (no DNS rebinding), the secret from the printed URL, anti-forgery on POST.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { STYLE as RESPONDENT_STYLE } from '../collect/html.ts';
import { STUDIO_STYLE } from './studio-style.ts';

const hash = (css: string): string => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

/** Studio pages: the two inline stylesheets by hash, frames and forms of this origin only, nothing from anywhere else. */
export const STUDIO_CSP = `default-src 'none'; style-src ${hash(STUDIO_STYLE)} ${hash(RESPONDENT_STYLE)}; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'`;
/** Files shown in the browser (a report, a printable sheet): their own inline styles and images, no script, no other site. */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

export const STUDIO_HEADERS: Readonly<Record<string, string>> = {
  // same-origin, not no-referrer: with no-referrer a form's POST says `Origin: null`, and the Origin check needs the real one.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Equal strings, compared in constant time (the secret and the anti-forgery token). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The origins the studio answers as: a page from any other name, even one that resolves to 127.0.0.1, is refused. */
export const allowedHosts = (port: number): readonly string[] => [`127.0.0.1:${String(port)}`, `localhost:${String(port)}`];

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).includes(host);
}

/** The cookie carries the port: cookies are shared between ports of a host, and two studios may run at once. */
export const cookieName = (port: number): string => `portas-studio-${String(port)}`;

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * A POST must come from a studio page: when the browser says where it comes from (Origin, Sec-Fetch-Site), that
 * must be the studio itself. The anti-forgery field is checked after the body is read.
 */
export function postFromStudio(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((h) => origin === `http://${h}`)) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}
