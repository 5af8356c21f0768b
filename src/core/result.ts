// Result: expected failures are values, not exceptions (STYLE.md habit 5).

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <const E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** Unwraps a result that a caller has proven cannot fail; a failure here is a bug. */
export function expectOk<T, E>(result: Result<T, E>, what: string): T {
  if (!result.ok) throw new Error(`${what}: unexpected failure: ${JSON.stringify(result.error)}`);
  return result.value;
}
