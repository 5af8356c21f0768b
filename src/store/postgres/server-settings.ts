// PostgreSQL server settings the store depends on: refuse to run where an acknowledgement would not be durable,
// or where the server itself records when each row was written.

import { err, ok, type Result } from '../../core/result.ts';
import type { OpenError } from '../migration.ts';

/** The settings read at open, by name (values as `SHOW` prints them). */
export const REQUIRED_SETTINGS = ['fsync', 'full_page_writes', 'track_commit_timestamp'] as const;

export function checkServerSettings(settings: Readonly<Record<string, string | undefined>>): Result<void, OpenError> {
  const problems: string[] = [];
  if (settings['fsync'] !== 'on') problems.push('fsync is off: an acknowledged response could vanish in a power cut');
  if (settings['full_page_writes'] !== 'on') problems.push('full_page_writes is off: a crash could leave torn pages');
  if (settings['track_commit_timestamp'] !== 'off') {
    problems.push('track_commit_timestamp is on: the server would record when every response arrived');
  }
  if (problems.length === 0) return ok(undefined);
  return err({ kind: 'unsafe-server', message: `refusing to store responses on this PostgreSQL server: ${problems.join('; ')}` });
}
