// The studio's route contract: what a screen module receives and returns. Screens never touch node:http.

export interface StudioContext {
  /** The workspace folder every path of the studio is under (src/studio/workspace.ts). */
  readonly workspace: string;
  /** This studio run's anti-forgery token: every POST form carries it (layout.ts csrfField). */
  readonly csrfToken: string;
  readonly lang: 'en' | 'ru';
}

export interface StudioRequest {
  readonly method: 'GET' | 'POST';
  /** The path without the query string, e.g. `/studies/abc/monitor`. */
  readonly path: string;
  /** The pattern's `:name` parts, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The POSTed form fields (url-encoded or multipart); empty for GET. The anti-forgery field is already checked. */
  readonly form: ReadonlyMap<string, string>;
  /** The uploaded files of a multipart POST, by field name. */
  readonly files: ReadonlyMap<string, { readonly name: string; readonly bytes: Uint8Array }>;
  readonly ctx: StudioContext;
}

export type StudioResponse =
  | { readonly kind: 'html'; readonly status?: number; readonly html: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'file'; readonly name: string; readonly type: string; readonly bytes: Uint8Array };

export interface StudioRoute {
  readonly method: 'GET' | 'POST';
  /** e.g. '/studies/:study/monitor'; a `:name` part matches one path segment. */
  readonly pattern: string;
  handle(req: StudioRequest): Promise<StudioResponse>;
}

/** Shorthands for the common responses. */
export const html = (body: string, status?: number): StudioResponse => (status === undefined ? { kind: 'html', html: body } : { kind: 'html', status, html: body });
export const redirect = (location: string): StudioResponse => ({ kind: 'redirect', location });
