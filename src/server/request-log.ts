// The only request log there is: method, route pattern, status and a coarse duration. No IP, agent, query or coupon.

export interface RequestLogLine {
  readonly method: string;
  /** The route's pattern (`/s/:study/page`), never the concrete path. */
  readonly route: string;
  readonly status: number;
  readonly duration: '<100ms' | '<1s' | '<10s' | '>=10s';
}

export type RequestLog = (line: RequestLogLine) => void;

export function durationBucket(ms: number): RequestLogLine['duration'] {
  return ms < 100 ? '<100ms' : ms < 1000 ? '<1s' : ms < 10_000 ? '<10s' : '>=10s';
}

export const silentLog: RequestLog = () => undefined;
