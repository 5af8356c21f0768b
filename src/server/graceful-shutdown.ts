// Graceful shutdown for a node:http server: stop accepting, let every request already being handled finish, then close.
//
// The promise to researchers is that an acknowledged response is never lost; the promise to respondents is that a
// thank-you page means the answers are stored. So a request whose handler has started runs to its end (seal, durable
// commit, response written) — unless it is still unfinished when the grace period runs out: then its connection is
// cut. A body still arriving fails to read, so nothing is stored; a handler already past reading (only possible when
// the store hangs longer than the grace period) may still store the response after the cut, but can no longer
// acknowledge it — a stored, unacknowledged response is safe: the respondent sends again and the store recognises
// the same response id.

import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

export interface DrainOutcome {
  /** Requests that were being handled when the drain began, or arrived on an open connection during it, and finished. */
  readonly finished: number;
  /** Requests still unfinished when the grace period ran out; their connections were closed without a response. */
  readonly cut: number;
}

export interface GracefulShutdown {
  /** Wraps the app: give this to `createServer`, so the shutdown knows which requests are in flight. */
  readonly listener: RequestListener;
  /** Requests whose response has not closed yet. */
  inFlight(): number;
  /**
   * Stops accepting connections, waits up to `graceMs` for the requests in flight, then closes every connection
   * and resolves once the server is closed. Calling it again returns the same drain.
   */
  drain(server: Server, graceMs: number): Promise<DrainOutcome>;
}

export function gracefulShutdown(app: (req: IncomingMessage, res: ServerResponse) => void): GracefulShutdown {
  const open = new Set<ServerResponse>();
  let draining: Promise<DrainOutcome> | undefined;
  let finished = 0;
  let onIdle: (() => void) | undefined;

  const listener: RequestListener = (req, res) => {
    open.add(res);
    // While draining, each keep-alive connection serves the request it carries and is then closed.
    if (draining !== undefined) res.setHeader('Connection', 'close');
    res.once('close', () => {
      open.delete(res);
      if (draining !== undefined) finished += 1;
      if (open.size === 0) onIdle?.();
    });
    app(req, res);
  };

  const run = async (server: Server, graceMs: number): Promise<DrainOutcome> => {
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.closeIdleConnections();
    const idle = new Promise<boolean>((resolve) => {
      if (open.size === 0) resolve(true);
      onIdle = () => {
        resolve(true);
      };
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, graceMs);
    });
    const allFinished = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    const outcome = { finished, cut: allFinished ? 0 : open.size };
    // Connections that went idle after their last response, and (after the grace period) those still receiving.
    server.closeAllConnections();
    await closed;
    return outcome;
  };

  return {
    listener,
    inFlight: () => open.size,
    drain(server, graceMs) {
      draining ??= run(server, graceMs);
      return draining;
    },
  };
}
