// The plaintext of a sealed response: a versioned JSON envelope, padded with spaces to a size bucket.

import { err, ok, type Result } from '../core/result.ts';
import { isKnownAnswer } from '../instrument/kinds/registry.ts';
import { MISSING_KINDS } from '../instrument/missing.ts';
import { isCompletionBandCode } from '../instrument/completion-time.ts';
import type { CollectionFacts, ItemValue, Response } from '../instrument/model.ts';
import { failure, type CryptoFailure } from './messages.ts';

/** The envelope's format tag; a reader refuses any other. */
export const ENVELOPE_FORMAT = 'portas.response/1';

const KiB = 1024;
/** Padded sizes: 1, 2, 4, … 64 KiB, then multiples of 64 KiB (age's chunk size) up to this cap. */
export const MAX_PADDED_SIZE = 16 * 1024 * KiB;

/** The size bucket a plaintext of `n` bytes is padded to, or undefined past the cap. */
export function paddedSize(n: number): number | undefined {
  for (let size = KiB; size <= 64 * KiB; size *= 2) if (n <= size) return size;
  const size = Math.ceil(n / (64 * KiB)) * 64 * KiB;
  return size <= MAX_PADDED_SIZE ? size : undefined;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * JSON on one line (JSON.stringify escapes every newline inside strings), one newline, then spaces up to
 * the bucket: JSON.parse ignores the spaces, so `age -d record.age | jq` reads it as it is.
 */
export function encodeEnvelope(response: Response, padTo = 0): Result<Uint8Array, CryptoFailure> {
  const json = JSON.stringify({
    format: ENVELOPE_FORMAT,
    study: response.study,
    instrumentVersion: response.instrumentVersion,
    language: response.language,
    values: response.values,
    ...(response.collection === undefined ? {} : { collection: response.collection }),
  });
  const body = new TextEncoder().encode(json);
  // `padTo`: the study's one size (sealed-size.ts), so that every record of a study has the same length.
  const size = paddedSize(Math.max(body.length + 1, padTo));
  if (size === undefined) return err(failure('crypto.seal.too-large', `${body.length} bytes`));
  const out = new Uint8Array(size).fill(SPACE);
  out.set(body);
  out[body.length] = NEWLINE;
  // Never seal what opening would refuse (a NaN, a float code, an unknown kind): such a record would be lost.
  const check = decodeEnvelope(out);
  if (!check.ok) return err(failure('crypto.seal.bad-response', check.error.detail ?? check.error.code));
  return ok(out);
}

/** Checks the padding (spaces up to a bucket size, at least the body's own), then the envelope's shape, value by value. */
export function decodeEnvelope(plain: Uint8Array): Result<Response, CryptoFailure> {
  const end = plain.indexOf(NEWLINE);
  const own = end < 0 ? undefined : paddedSize(end + 1);
  if (own === undefined || paddedSize(plain.length) !== plain.length || plain.length < own) return err(failure('crypto.open.bad-padding'));
  for (let i = end + 1; i < plain.length; i++) if (plain[i] !== SPACE) return err(failure('crypto.open.bad-padding'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(0, end)));
  } catch {
    return err(failure('crypto.open.bad-envelope', 'not UTF-8 JSON'));
  }
  if (!isRecord(parsed) || parsed['format'] !== ENVELOPE_FORMAT) return err(failure('crypto.open.bad-envelope', 'unknown format'));
  const { study, instrumentVersion, language, values } = parsed;
  if (typeof study !== 'string' || typeof instrumentVersion !== 'string' || typeof language !== 'string' || !isRecord(values)) {
    return err(failure('crypto.open.bad-envelope', 'missing study, instrumentVersion, language or values'));
  }
  for (const [name, value] of Object.entries(values)) {
    if (!isItemValue(value)) return err(failure('crypto.open.bad-envelope', `value of item '${name}' has an unknown shape`));
  }
  const collection = parsed['collection'];
  if (collection !== undefined && !isCollectionFacts(collection)) return err(failure('crypto.open.bad-envelope', 'collection facts have an unknown shape'));
  return ok({ study, instrumentVersion, language, values: values as Record<string, ItemValue>, ...(collection === undefined ? {} : { collection }) });
}

const UNLINKED: readonly unknown[] = ['coupon-used', 'coupon-expired', 'coupon-unknown'];
function isCollectionFacts(x: unknown): x is CollectionFacts {
  if (!isRecord(x) || Object.keys(x).some((k) => k !== 'completionBand' && k !== 'unlinked')) return false;
  return (x['completionBand'] === undefined || isCompletionBandCode(x['completionBand'])) && (x['unlinked'] === undefined || UNLINKED.includes(x['unlinked']));
}
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A typed missing value, or an answer some question kind could have produced (each kind checks its own shape). */
function isItemValue(v: unknown): v is ItemValue {
  if (!isRecord(v)) return false;
  if (v['kind'] === 'missing') return Object.keys(v).length === 2 && (MISSING_KINDS as readonly unknown[]).includes(v['missing']);
  return isKnownAnswer(v);
}
