// Maps PostgreSQL SQLSTATEs and socket errors to the store's typed failures; anything else is a bug and is rethrown.

import type { StorageFailure } from '../store.ts';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function reasonOf(code: string, message: string): StorageFailure['reason'] | undefined {
  if (code === '53100') return 'disk-full';
  if (code.startsWith('53')) return 'busy'; // out of memory / connections: transient
  if (code.startsWith('58') || code === 'XX001' || code === 'XX002') return code.startsWith('58') ? 'io-error' : 'corrupt';
  if (code === '25006') return 'read-only';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return 'unavailable';
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') return 'busy';
  if (SOCKET_CODES.has(code)) return 'unavailable';
  if (/Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message)) return 'unavailable';
  // pg-pool's own: every connection of the pool stayed checked out for connectionTimeoutMillis (an overloaded server).
  if (/timeout exceeded when trying to connect/i.test(message)) return 'busy';
  return undefined;
}

/** The typed failure for an I/O-class PostgreSQL error, or undefined when `e` is not one (then it is a bug). */
export function postgresFailure(operation: string, e: unknown): StorageFailure | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  const reason = reasonOf(typeof code === 'string' ? code : '', e.message);
  if (reason === undefined) return undefined;
  return { kind: 'storage-failed', reason, message: `${operation}: PostgreSQL ${typeof code === 'string' ? code : 'connection lost'}` };
}

/**
 * The failure of a re-keying (rekey-transaction.ts, on its thread): PostgreSQL's errors by their code as above, anything
 * else (a bug) by its name and message, which the store's own code writes without data.
 */
export function rekeyFailure(e: unknown): StorageFailure {
  const known = postgresFailure('reshuffle', e);
  if (known !== undefined) return known;
  const code = (e as { code?: unknown } | undefined)?.code;
  // A SQLSTATE is five digits or capitals; Node's own codes (MODULE_NOT_FOUND) come with their message.
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const what = sqlState !== undefined ? `PostgreSQL ${sqlState}` : e instanceof Error ? `${e.name}: ${e.message}` : 'not an Error';
  return { kind: 'storage-failed', reason: 'io-error', message: `reshuffle: the re-keying failed (${what})` };
}
