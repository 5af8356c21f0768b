// The one storage interface: sealed responses, coupons of the recruitment tree, researcher tokens. Types and pure checks only.

import { err, ok, type Result } from '../core/result.ts';
import { isPeriod, type Period } from './period.ts';
import type { RevokeScope } from './revoke.ts';
import { isFormKeyRecord, MAX_FORM_KEYS, type FormKeyRecord, type FormKeySet } from './form-keys.ts';

export type { Period } from './period.ts';

/** A study's id: lower-case letters, digits, `-` and `_`, 1–64 characters. */
export type StudyId = string;
/** A response id: 128 random bits from the caller's CSPRNG, as 32 lower-case hex digits. */
export type ResponseId = string;
/** SHA-256 (64 lower-case hex digits) of a normalised coupon code; the code itself is never stored. */
export type CouponHash = string;
/** SHA-256 (64 lower-case hex digits) of a researcher API token; the token itself is never stored. */
export type TokenHash = string;

export const COMPLETION_STATUSES = ['complete', 'partial', 'screened-out'] as const;
export type CompletionStatus = (typeof COMPLETION_STATUSES)[number];

/** Largest sealed response accepted (bytes): far above any questionnaire, small enough to bound a transaction. */
export const MAX_SEALED_BYTES = 1 << 20;
/** Most coupons one submission may issue. */
export const MAX_ISSUED_COUPONS = 64;
/** Most seed coupons one batch may issue (one transaction). */
export const MAX_SEED_COUPONS = 100_000;

export interface Submission {
  readonly responseId: ResponseId;
  readonly period: Period;
  readonly status: CompletionStatus;
  /** Opaque ciphertext, sealed before it reaches the store. */
  readonly sealed: Uint8Array;
  /** The coupon the respondent arrived with; omitted when the study admits respondents without one. */
  readonly redeemCouponHash?: CouponHash;
  /** Coupons handed to this respondent to pass on (they become children of this response). */
  readonly issueCouponHashes: readonly CouponHash[];
  /** Last period in which the issued coupons may be redeemed; omitted = no expiry. */
  readonly issueExpiry?: Period;
}

export type SubmitAccepted = { readonly kind: 'stored' } | { readonly kind: 'already-stored' };

/** Why the store could not do its job: a typed failure, never a silent success, never a partial row. */
export interface StorageFailure {
  readonly kind: 'storage-failed';
  /** `unavailable` and `busy` mean the outcome is unknown or not reached: retry with the same responseId. */
  readonly reason: 'disk-full' | 'io-error' | 'read-only' | 'busy' | 'unavailable' | 'corrupt';
  /** Safe for logs: names the operation and the driver's error code, never data. */
  readonly message: string;
}

export interface InvalidInput {
  readonly kind: 'invalid';
  readonly field: string;
  readonly message: string;
}

export type CouponRejection = { readonly kind: 'coupon-unknown' } | { readonly kind: 'coupon-used' } | { readonly kind: 'coupon-expired' };

/** An issued coupon's hash already exists in the study (a CSPRNG code colliding means a bug upstream). */
export interface CouponCollision {
  readonly kind: 'coupon-collision';
}

export type SubmitError = CouponRejection | CouponCollision | InvalidInput | StorageFailure;
export type IssueError = CouponCollision | InvalidInput | StorageFailure;
export type TokenError = { readonly kind: 'token-exists' } | InvalidInput | StorageFailure;
export type ReadError = InvalidInput | StorageFailure;

export interface SealedRecord {
  readonly responseId: ResponseId;
  readonly period: Period;
  readonly status: CompletionStatus;
  readonly sealed: Uint8Array;
}

/** Opaque resume point of a pull: pass it back as `after`. */
export type PullCursor = string;

export interface SealedPage {
  /** In response-id order, which is random with respect to arrival. */
  readonly records: readonly SealedRecord[];
  /** Undefined when this was the last page. */
  readonly next?: PullCursor;
}

export interface PeriodStatusCount {
  readonly period: Period;
  readonly status: CompletionStatus;
  readonly count: number;
}

export interface StudyCounts {
  /** Sorted by period, then status. */
  readonly responses: readonly PeriodStatusCount[];
  readonly responsesTotal: number;
  /** All coupons ever issued in the study, seeds included, redeemed or not. */
  readonly couponsIssued: number;
  readonly seedCouponsIssued: number;
  readonly couponsRedeemed: number;
}

export interface RecruitmentEdge {
  readonly recruiter: ResponseId;
  readonly recruit: ResponseId;
}

export interface RecruitmentTree {
  /** Responses that redeemed a seed coupon (one issued to no response), sorted. */
  readonly seeds: readonly ResponseId[];
  /** Sorted by recruiter, then recruit. */
  readonly edges: readonly RecruitmentEdge[];
}

/** What a coupon is good for right now, as the entry page needs to know before anyone answers anything. */
export type CouponState = 'usable' | 'unknown' | 'used' | 'expired';

export interface ReshuffleReport {
  readonly responses: number;
  readonly coupons: number;
  /** How long it took; when skipped, how long the last completed re-keying took (the running one likely takes as long). */
  readonly milliseconds: number;
  /**
   * How long submissions may have waited on it: the part under the exclusive lock (PostgreSQL); the longest write
   * transaction of a pass on its own thread, or the longest step of one on the serving thread (SQLite).
   */
  readonly pausedMs?: number;
  /**
   * The work it did, when that is less than its duration (SQLite: the sum of its steps, without the rests between
   * them). The scheduler spaces re-keyings by this.
   */
  readonly busyMs?: number;
  /** The id of the storage key the rows are now keyed under (a fresh one at every reshuffle). */
  readonly epoch: string;
  /** True when another instance or process was re-keying (or finished the SQLite pass this one joined): it covers every row committed before. */
  readonly skipped?: boolean;
}

export type { RevokeScope } from './revoke.ts';

/** Unredeemed coupons with one expiry (null = none), seeds apart: what the fieldwork monitor warns about. */
export interface OutstandingCoupons {
  readonly expiry: Period | null;
  readonly seed: boolean;
  readonly count: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** One atomic, durable transaction; resolves only after the commit reached stable storage. Idempotent by responseId. */
  submit(study: StudyId, submission: Submission): Promise<Result<SubmitAccepted, SubmitError>>;
  issueSeedCoupons(study: StudyId, hashes: readonly CouponHash[], expiry?: Period): Promise<Result<{ readonly issued: number }, IssueError>>;
  pullSealed(study: StudyId, page: { readonly after?: PullCursor; readonly limit: number }): Promise<Result<SealedPage, ReadError>>;
  counts(study: StudyId): Promise<Result<StudyCounts, ReadError>>;
  recruitmentEdges(study: StudyId): Promise<Result<RecruitmentTree, ReadError>>;
  addToken(study: StudyId, tokenHash: TokenHash, label: string): Promise<Result<void, TokenError>>;
  checkToken(study: StudyId, tokenHash: TokenHash): Promise<Result<boolean, ReadError>>;
  /** Reads a coupon's state without redeeming it (redemption happens atomically in `submit`). */
  couponState(study: StudyId, couponHash: CouponHash, at: Period): Promise<Result<CouponState, ReadError>>;
  /** Removes unredeemed coupons (all of a study's, or those below one coupon): they then read as unknown. */
  revokeCoupons(study: StudyId, scope: RevokeScope): Promise<Result<{ readonly revoked: number }, ReadError>>;
  /** The form keys every server instance shares (boxed under the storage key; no time kept). */
  formKeys(): Promise<Result<FormKeySet, ReadError>>;
  /**
   * Adds `key` unless its generation exists already (another instance rotated first), forgets all but the newest `keep`
   * generations, and returns what is kept.
   */
  addFormKey(key: FormKeyRecord, keep: number): Promise<Result<FormKeySet, StorageFailure | InvalidInput>>;
  /**
   * Re-keys every row under a fresh storage key (forgetting the old one) and rewrites every table in the new key order,
   * so that neither storage order nor older images of the database (WAL, journal, backups) follow arrival (docs/storage.md).
   */
  reshuffle(): Promise<Result<ReshuffleReport, StorageFailure>>;
  close(): Promise<void>;
  /** Counts of unredeemed coupons by expiry period and seed-or-not, sorted by expiry (none last), seeds first. */
  outstandingCoupons(study: StudyId): Promise<Result<readonly OutstandingCoupons[], ReadError>>;
}

/** The order `outstandingCoupons` promises, whatever the database's collation. */
export function sortOutstanding(rows: readonly OutstandingCoupons[]): OutstandingCoupons[] {
  const key = (r: OutstandingCoupons): string => `${r.expiry ?? '~'}|${r.seed ? '0' : '1'}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const STUDY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const isStudyId = (s: string): boolean => STUDY.test(s);
export const isResponseId = (s: string): boolean => HEX32.test(s);
export const isSha256Hex = (s: string): boolean => HEX64.test(s);
export const isCompletionStatus = (s: string): s is CompletionStatus => (COMPLETION_STATUSES as readonly string[]).includes(s);

const invalid = (field: string, message: string): Result<never, InvalidInput> => err({ kind: 'invalid', field, message });

export function checkStudy(study: string): Result<void, InvalidInput> {
  return isStudyId(study) ? ok(undefined) : invalid('study', 'study id must be 1–64 of [a-z0-9_-], starting with a letter or digit');
}

function checkHashes(field: string, hashes: readonly string[], max = MAX_ISSUED_COUPONS): Result<void, InvalidInput> {
  if (hashes.length > max) return invalid(field, `at most ${max} coupons at once`);
  if (!hashes.every(isSha256Hex)) return invalid(field, 'coupon hashes must be 64 lower-case hex digits (SHA-256)');
  if (new Set(hashes).size !== hashes.length) return invalid(field, 'the same coupon hash appears twice');
  return ok(undefined);
}

/** Validates a submission's shape before any storage is touched. */
export function checkSubmission(study: string, s: Submission): Result<void, InvalidInput> {
  const st = checkStudy(study);
  if (!st.ok) return st;
  if (!isResponseId(s.responseId)) return invalid('responseId', 'response id must be 32 lower-case hex digits (128 random bits)');
  if (!isPeriod(s.period)) return invalid('period', "period must be an ISO week ('2024-W17'), a month ('2024-05') or a day");
  if (!isCompletionStatus(s.status)) return invalid('status', `status must be one of ${COMPLETION_STATUSES.join(', ')}`);
  if (!(s.sealed instanceof Uint8Array) || s.sealed.length === 0) return invalid('sealed', 'sealed response is empty');
  if (s.sealed.length > MAX_SEALED_BYTES) return invalid('sealed', `sealed response exceeds ${MAX_SEALED_BYTES} bytes`);
  if (s.redeemCouponHash !== undefined && !isSha256Hex(s.redeemCouponHash)) {
    return invalid('redeemCouponHash', 'coupon hash must be 64 lower-case hex digits (SHA-256)');
  }
  if (s.issueExpiry !== undefined && !isPeriod(s.issueExpiry)) return invalid('issueExpiry', 'expiry must be a period');
  const issued = checkHashes('issueCouponHashes', s.issueCouponHashes);
  if (!issued.ok) return issued;
  if (s.redeemCouponHash !== undefined && s.issueCouponHashes.includes(s.redeemCouponHash)) {
    return invalid('issueCouponHashes', 'a submission cannot issue the coupon it redeems');
  }
  return ok(undefined);
}

export function checkSeedCoupons(study: string, hashes: readonly string[], expiry: string | undefined): Result<void, InvalidInput> {
  const st = checkStudy(study);
  if (!st.ok) return st;
  if (expiry !== undefined && !isPeriod(expiry)) return invalid('expiry', 'expiry must be a period');
  return checkHashes('hashes', hashes, MAX_SEED_COUPONS);
}

export function checkPull(study: string, page: { readonly after?: string; readonly limit: number }): Result<void, InvalidInput> {
  const st = checkStudy(study);
  if (!st.ok) return st;
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 10_000) return invalid('limit', 'limit must be an integer in 1…10000');
  if (page.after !== undefined && !isResponseId(page.after)) return invalid('after', 'cursor is not one this store returned');
  return ok(undefined);
}

export function checkTokenInput(study: string, tokenHash: string, label?: string): Result<void, InvalidInput> {
  const st = checkStudy(study);
  if (!st.ok) return st;
  if (!isSha256Hex(tokenHash)) return invalid('tokenHash', 'token hash must be 64 lower-case hex digits (SHA-256)');
  if (label !== undefined && (label.length === 0 || label.length > 200)) return invalid('label', 'label must be 1–200 characters');
  return ok(undefined);
}

export function checkFormKey(key: FormKeyRecord, keep: number): Result<void, InvalidInput> {
  if (!isFormKeyRecord(key)) return invalid('formKey', 'a form key is a generation from 1, an id of 1–32 URL-safe characters and 32 bytes');
  if (!Number.isInteger(keep) || keep < 1 || keep > MAX_FORM_KEYS) return invalid('keep', `keep must be a whole number from 1 to ${MAX_FORM_KEYS}`);
  return ok(undefined);
}

export function checkRevoke(study: string, scope: RevokeScope): Result<void, InvalidInput> {
  const st = checkStudy(study);
  if (!st.ok) return st;
  if (scope.kind === 'below' && !isSha256Hex(scope.coupon)) return invalid('coupon', 'coupon hash must be 64 lower-case hex digits (SHA-256)');
  return ok(undefined);
}
