// Advisory-lock keys (arbitrary constants) serialising migrations and re-keyings across server instances. Every lock is
// transaction-scoped (…_xact_…): no session state, so the pool works behind PgBouncer in transaction mode.

export const MIGRATE_LOCK = 0x706f7231;
/** Held by the one instance re-keying; the others try it, skip, and leave the rows to that instance. */
export const RESHUFFLE_LOCK = 0x706f7234;
/** Taken shared by every transaction that reads or writes keyed rows, exclusively by a re-keying. */
export const EPOCH_LOCK = 0x706f7233;
/**
 * Taken shared by every transaction that writes keyed rows (with the pass they carry), exclusively for a moment by a
 * re-keying that makes a new pass current: that waits for every writer of the pass before, and no more.
 */
export const PASS_LOCK = 0x706f7235;
