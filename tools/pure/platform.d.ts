// The platform globals pure code may use, and nothing else: tsconfig.pure.json compiles the pure folders against
// ES2023 plus this file (no Node types, no DOM), so `process`, `Buffer`, `fetch`, timers and the like do not
// type-check there. Written to the WebCrypto and Encoding standards; only the members portas uses.
// Lint keeps `crypto` inside src/crypto (the CSPRNG lives there; statistics take an Rng).

type BufferSource = ArrayBufferView | ArrayBuffer;
type KeyUsage = 'encrypt' | 'decrypt' | 'sign' | 'verify' | 'deriveKey' | 'deriveBits' | 'wrapKey' | 'unwrapKey';

interface CryptoKey {
  readonly type: 'secret' | 'private' | 'public';
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly KeyUsage[];
}

interface AesGcmParams {
  readonly name: 'AES-GCM';
  readonly iv: BufferSource;
  readonly additionalData?: BufferSource;
  readonly tagLength?: number;
}

interface SubtleCrypto {
  digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', data: BufferSource): Promise<ArrayBuffer>;
  importKey(format: 'raw' | 'pkcs8' | 'spki', keyData: BufferSource, algorithm: { readonly name: string }, extractable: boolean, usages: readonly KeyUsage[]): Promise<CryptoKey>;
  exportKey(format: 'raw', key: CryptoKey): Promise<ArrayBuffer>;
  encrypt(algorithm: AesGcmParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  deriveBits(algorithm: { readonly name: 'X25519' | 'ECDH'; readonly public: CryptoKey }, baseKey: CryptoKey, length: number | null): Promise<ArrayBuffer>;
  generateKey(algorithm: { readonly name: 'X25519' }, extractable: boolean, usages: readonly KeyUsage[]): Promise<CryptoKeyPair>;
}

interface CryptoKeyPair {
  readonly publicKey: CryptoKey;
  readonly privateKey: CryptoKey;
}

interface Crypto {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

declare var crypto: Crypto;

declare class TextEncoder {
  readonly encoding: 'utf-8';
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: 'utf-8' | 'utf8', options?: { readonly fatal?: boolean; readonly ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { readonly stream?: boolean }): string;
}

declare function btoa(data: string): string;
declare function atob(data: string): string;
