// The base error for bugs and unexpected states; expected failures are Results with catalogue codes.

/** An error whose message is safe to show to a researcher (never to a respondent: they get a generic page). */
export class PortasError extends Error {
  override readonly name = 'PortasError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
