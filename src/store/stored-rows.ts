// The response and coupon rows exactly as both dialects' tables hold them (column names included), for the code that
// reads and rewrites whole tables: the re-keying of each dialect.

export interface ResponseRow {
  study: string;
  response_id: string;
  period: string;
  status: string;
  sealed: Buffer;
}

export interface CouponRow {
  study: string;
  coupon_hash: string;
  issued_to: string | null;
  state: string;
  expiry: string | null;
  redeemed_by: string | null;
}

/** A view of the bytes as the Buffer both drivers bind, without copying them. */
export const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
