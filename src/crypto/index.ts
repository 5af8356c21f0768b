// The public face of src/crypto: everything the store, server and CLI may call. Secrets stay behind it.

export { CRYPTO_MESSAGES, type CryptoCode, type CryptoFailure } from './messages.ts';
export { randomBytes } from './random.ts';
export {
  generateStudyKey,
  keyFromWorkerData,
  keyIdOf,
  lockStudyKey,
  MIN_SCRYPT_WORK_FACTOR,
  readRecipientFile,
  recipientFileText,
  revealForWorker,
  unlockStudyKey,
  type KeyKind,
  type StudyKey,
  type WorkerKeyData,
} from './study-key.ts';
export { ENVELOPE_FORMAT, MAX_PADDED_SIZE, paddedSize } from './envelope.ts';
export { seal } from './seal.ts';
export { openerFor, type OpenExpectation, type Opener, type OpenerOptions } from './opener.ts';
export { openMany, type OpenManyResult, type SealedRecord } from './open-many.ts';
export { joinStudyKeyShares, splitStudyKey } from './key-shares.ts';
export { javascriptScrypt, type ScryptFunction } from './scrypt-stanza.ts';
