/**
 * The platform seam. Every family below has two implementations, `src/backend/node/<family>.ts`
 * (node:crypto / OpenSSL) and `src/backend/web/<family>.ts` (WebCrypto and @noble). Library code
 * imports `#backend/<family>`, which package.json `imports` resolves per platform at import time:
 * the `node` condition gets node:crypto, everything else (browsers, bundlers, Deno) the web module.
 * Nothing sniffs the runtime.
 *
 * Backend functions assume validated arguments (the public layer checks them) except where noted.
 * @module
 */

/** Hash functions used anywhere in zkvault. SHA-1 only for vectors and legacy formats. */
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-512';

/** Output length in bytes of each {@link HashName}. */
export const HASH_LENGTH: Readonly<Record<HashName, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-512': 64 };

/** Random bytes from the platform CSPRNG. */
export interface RandomBackend {
  readonly name: 'node' | 'web';
  /** @returns `length` bytes from the CSPRNG. */
  randomBytes(length: number): Uint8Array;
}

/** A MAC bound to one key, so per-key setup (key object, HMAC pads) happens once. */
export type PreparedMac = (...data: Uint8Array[]) => Uint8Array;

/** Synchronous hashing and HMAC. */
export interface HashBackend {
  readonly name: 'node' | 'web';
  /** @returns H(data[0] ‖ data[1] ‖ …). */
  digest(hash: HashName, ...data: Uint8Array[]): Uint8Array;
  /** @returns HMAC-H(key, data[0] ‖ data[1] ‖ …). */
  hmac(hash: HashName, key: Uint8Array, ...data: Uint8Array[]): Uint8Array;
  /** @returns a function computing HMAC-H(key, …) with the key setup cached. */
  hmacKey(hash: HashName, key: Uint8Array): PreparedMac;
}

/** Key derivation. */
export interface KdfBackend {
  readonly name: 'node' | 'web';
  /** PBKDF2 (RFC 8018). Runs off the main thread where the platform allows (Node threadpool, WebCrypto). */
  pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array>;
  /** HKDF (RFC 5869), extract then expand; `length` at most 255 × hash length. */
  hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}

/** AES-GCM bound to one key (16, 24 or 32 bytes). Tags are always 16 bytes, appended to the ciphertext. */
export interface AesGcmKey {
  /**
   * @param reserve - leading bytes to leave free in the output for the caller's header (default 0),
   *   so a framed message is built without copying the ciphertext again; or the header itself,
   *   copied into the output's first bytes before this call returns (the caller may reuse it).
   * @returns (reserve zero bytes or the header ‖) ciphertext ‖ tag. `nonce` is 8 bytes or more (12 recommended).
   */
  encrypt(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, reserve?: number | Uint8Array): Promise<Uint8Array>;
  /**
   * For streams, which need no framed buffer: the same encryption, returned as pieces whose
   * concatenation is ciphertext ‖ tag (the Node backend hands out the cipher's own output buffers,
   * so nothing is copied). @returns fresh arrays, in order.
   */
  encryptParts(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array[]>;
  /** @returns the plaintext; throws `ZkvaultError('DECRYPT_FAILED')` on any failure. */
  decrypt(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
  /**
   * {@link AesGcmKey.decrypt} with the 16-byte tag apart from the ciphertext, so a stream need not
   * join them first. @returns the plaintext; throws `ZkvaultError('DECRYPT_FAILED')` on any failure.
   */
  decryptParts(nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
  /**
   * Optional, for streams (issue 14 round 4): one GCM decryption fed as ciphertext arrives, so a
   * stream opener need not gather a segment first. A key without it (the web backend: WebCrypto
   * and noble have no incremental GCM) is wrapped by the stream code into one that gathers.
   * @returns a fresh {@link GcmSegment} for `nonce` and `aad`.
   */
  decryptSegment?(nonce: Uint8Array, aad: Uint8Array): GcmSegment;
  /**
   * Optional (issue 13, mem13): one GCM encryption fed in pieces, so a large envelope can be encoded
   * as it is encrypted, without a whole framed copy. The web backend has none (WebCrypto and noble
   * have no incremental GCM). @returns a fresh {@link GcmEncryption} for `nonce` and `aad` (read now).
   */
  encryptSegment?(nonce: Uint8Array, aad: Uint8Array): GcmEncryption;
  /**
   * Optional (issue 13, mem13): {@link AesGcmKey.decrypt} that may write the plaintext over the
   * ciphertext, for a caller that owns `ciphertextAndTag` and drops it (a decoded envelope).
   * @returns the plaintext, possibly a view of `ciphertextAndTag`; throws
   *   `ZkvaultError('DECRYPT_FAILED')` on any failure, with the overwritten bytes wiped.
   */
  decryptInPlace?(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
}

/** One AES-GCM encryption fed in pieces (the output of every `update` is ciphertext, in order). */
export interface GcmEncryption {
  /** @returns the ciphertext of `plaintext` (a fresh array, as long as `plaintext`). */
  update(plaintext: Uint8Array): Uint8Array;
  /** Ends the input. @returns the 16-byte tag. */
  final(): Uint8Array;
}

/**
 * One AES-GCM decryption fed in pieces. Plaintext is held until {@link GcmSegment.finish} verifies
 * the tag: nothing decrypted leaves before that.
 */
export interface GcmSegment {
  /** Absorbs ciphertext bytes; the caller may reuse `ciphertext` once this returns. */
  update(ciphertext: Uint8Array): void;
  /**
   * Ends the input. @returns the plaintext pieces (in order) when `tag` verifies, `undefined` when
   *   it does not (the segment then only gives its bytes back through `recover`). Throws only for a
   *   failure of the platform, never for a bad tag.
   */
  finish(tag: Uint8Array): Promise<Uint8Array[] | undefined>;
  /**
   * @returns every byte absorbed by `update`, exactly as given and in order, as pieces of fresh
   *   arrays (not joined: the stream opener feeds them straight into the segment that decrypts them
   *   again under another nonce); wipes what the segment held. Call it instead of `finish`, or after
   *   a `finish` that gave `undefined`.
   */
  recover(): Uint8Array[];
  /** Wipes and drops whatever the segment holds (a stream that failed). */
  discard(): void;
}

/**
 * Ed25519 (RFC 8032 section 5.1), pure EdDSA: secret keys are the 32-byte seed, public keys 32
 * bytes, signatures 64 bytes. Verification is one strict rule on every backend
 * (src/backend/ed25519-strict.ts): canonical, non-small-order public key, S < L, cofactorless
 * equation with R compared byte for byte.
 */
export interface Ed25519Backend {
  readonly name: 'node' | 'web';
  /** @returns the public key of the 32-byte seed `secretKey`. */
  publicKey(secretKey: Uint8Array): Uint8Array;
  /** @returns the 64-byte signature of `message` under the 32-byte seed `secretKey`. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /**
   * @returns whether `signature` is valid for `message` under `publicKey`. Never throws: a
   *   malformed key or signature (any length, any bytes) is simply invalid.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * Drops whatever the backend cached for the seed array `secretKey` (the Node backend keeps an
   * imported KeyObject and a copy of the seed per array) and wipes the cached copy. Call it before
   * wiping the array itself. A backend that caches nothing does nothing.
   */
  forget(secretKey: Uint8Array): void;
}

/** AES-GCM. */
export interface AeadBackend {
  readonly name: 'node' | 'web';
  /** Prepares per-key state (node KeyObject, WebCrypto CryptoKey, noble expanded key). */
  aesGcmKey(key: Uint8Array): Promise<AesGcmKey>;
}

/**
 * X25519 (RFC 7748 section 5). Keys and shared secrets are 32 bytes in the RFC's little-endian
 * wire encoding; private keys are clamped inside the function, public keys have their top bit
 * masked and non-canonical values reduced modulo p, as section 5 requires.
 */
export interface X25519Backend {
  readonly name: 'node' | 'web';
  /** @returns X25519(privateKey, 9), the public key. */
  publicKey(privateKey: Uint8Array): Uint8Array;
  /**
   * @returns X25519(privateKey, publicKey). Throws `ZkvaultError('INVALID_INPUT')` with the one
   *   message {@link X25519_FAILED_MESSAGE} when the result would be all zero (a low-order public
   *   key, RFC 7748 section 6.1) or the platform refuses the key.
   */
  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /**
   * Drops whatever the backend cached for the private-key array `privateKey` (both backends keep a
   * copy of the key next to its public key, the Node backend also the imported KeyObject) and wipes
   * the cached copy. Call it before wiping the array itself.
   */
  forget(privateKey: Uint8Array): void;
}

/** The one message of every X25519 failure (all-zero shared secret or a key the platform refuses). */
export const X25519_FAILED_MESSAGE = 'zkvault: X25519 failed (low-order public key or all-zero shared secret)';

/**
 * Modular exponentiation for SRP (RFC 5054). Moduli are the fixed RFC 5054 safe primes, so
 * implementations cache per-modulus state (OpenSSL DH contexts, fixed-base tables). Arguments are
 * non-negative; `modulus` is an odd prime; results are in [0, modulus).
 */
export interface ModPowBackend {
  readonly name: 'node' | 'web';
  /** @returns base^exponent mod modulus, for any base. */
  modPow(base: bigint, exponent: bigint, modulus: bigint): bigint;
  /** @returns generator^exponent mod modulus; the (modulus, generator) pair is fixed, so it is precomputed once. */
  modPowFixed(generator: bigint, exponent: bigint, modulus: bigint): bigint;
  /**
   * Builds the per-modulus state ahead of use: on Node the OpenSSL context (instant for the
   * 3072-8192-bit groups, which OpenSSL names; for 2048 bits built in a worker thread, whose
   * safe-prime check takes about 0.25 s without blocking this thread), elsewhere the fixed-base
   * table of the generator. Until a 2048-bit modulus is ready, the Node backend computes it in BigInt.
   * @returns a promise that settles when the state is ready (or could not be built: BigInt then).
   */
  prepare(modulus: bigint, generator: bigint): Promise<void>;
}

/** An RSA public key as a JWK (RFC 7518 section 6.3.1): `n` and `e` are base64url big-endian integers. */
export interface RsaPublicJwk {
  /** Key type, `'RSA'`. */
  readonly kty: 'RSA';
  /** The modulus n. */
  readonly n: string;
  /** The public exponent e. */
  readonly e: string;
}

/** An RSA private key as a JWK with the CRT members (RFC 7518 section 6.3.2). */
export interface RsaPrivateJwk extends RsaPublicJwk {
  /** The private exponent d. */
  readonly d: string;
  /** The first prime factor p. */
  readonly p: string;
  /** The second prime factor q. */
  readonly q: string;
  /** The first factor's CRT exponent, d mod (p - 1). */
  readonly dp: string;
  /** The second factor's CRT exponent, d mod (q - 1). */
  readonly dq: string;
  /** The CRT coefficient, q^-1 mod p. */
  readonly qi: string;
}

/**
 * RSAES-OAEP (RFC 8017 section 7.1) with SHA-256 and MGF1-SHA-256 (WebCrypto's `RSA-OAEP` with
 * `hash: 'SHA-256'`, JOSE's `RSA-OAEP-256`). Only for reading and writing formats that are not
 * ours (Insomnia's key sharing). Keys are validated JWKs (the compat layer checks size and exponent).
 */
export interface RsaBackend {
  readonly name: 'node' | 'web';
  /** @returns the OAEP ciphertext (modulus length). */
  oaepEncrypt(publicKey: RsaPublicJwk, plaintext: Uint8Array, label: Uint8Array): Promise<Uint8Array>;
  /** @returns the plaintext; rejects with `ZkvaultError('DECRYPT_FAILED')` on any failure, one message for all. */
  oaepDecrypt(privateKey: RsaPrivateJwk, ciphertext: Uint8Array, label: Uint8Array): Promise<Uint8Array>;
}

/**
 * gzip decompression (RFC 1952) with a hard output limit, for formats that are not ours (the Insomnia
 * app's gzip'd sync blobs). The limit is enforced while inflating: no more than `maxOutput` bytes
 * (plus one platform chunk, at most 64 KiB) are ever held, so a decompression bomb cannot exhaust memory.
 */
export interface InflateBackend {
  readonly name: 'node' | 'web';
  /**
   * @returns the decompressed bytes; rejects with `ZkvaultError('TOO_LARGE')` once the output would exceed
   *   `maxOutput`, with `ZkvaultError('INVALID_RECORD')` for data that is not valid gzip, and with
   *   `ZkvaultError('UNSUPPORTED')` if the platform has no gzip decompressor.
   */
  gunzip(data: Uint8Array, maxOutput: number): Promise<Uint8Array>;
}

/**
 * X-Wing (draft-connolly-cfrg-xwing-kem-10): the hybrid KEM of ML-KEM-768 (FIPS 203) and X25519
 * (RFC 7748) with the SHA3-256 combiner. Decapsulation keys are the 32-byte seed, encapsulation
 * (public) keys 1216 bytes (pk_M ‖ pk_X), ciphertexts 1120 bytes (ct_M ‖ ct_X), shared secrets 32
 * bytes. Every function is deterministic: randomness comes from the caller (the {@link RandomBackend}),
 * so vectors and golden files can fix it.
 */
export interface XWingBackend {
  readonly name: 'node' | 'web';
  /** @returns the 1216-byte encapsulation key of the 32-byte `seed` (GenerateKeyPairDerand, section 5.2). */
  publicKey(seed: Uint8Array): Uint8Array;
  /**
   * EncapsulateDerand (section 5.4): `eseed` is 64 bytes (m for ML-KEM ‖ the X25519 ephemeral key).
   * Throws `ZkvaultError('INVALID_INPUT')` if `publicKey` is not 1216 bytes or fails the FIPS 203
   * encapsulation key check (section 7.2), or the X25519 part is of low order.
   * @returns the 32-byte shared secret and the 1120-byte ciphertext.
   */
  encapsulate(publicKey: Uint8Array, eseed: Uint8Array): { sharedSecret: Uint8Array; ciphertext: Uint8Array };
  /**
   * Decapsulate (section 5.5). Throws `ZkvaultError('INVALID_INPUT')` if `ciphertext` is not 1120
   * bytes or its X25519 part gives an all-zero secret; any other 1120 bytes decapsulate (ML-KEM's
   * implicit rejection) to a secret no sender knows.
   * @returns the 32-byte shared secret.
   */
  decapsulate(seed: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /**
   * Drops the expanded decapsulation key cached for the seed array `seed` (ML-KEM-768 key and X25519
   * secret, kept so repeated decapsulations skip key generation) and wipes it. Call it before wiping
   * the array itself.
   */
  forget(seed: Uint8Array): void;
  /**
   * ML-KEM-768 (FIPS 203 Algorithms 19-21, the X-Wing component) with external randomness, for the
   * FIPS 203 vectors: KeyGen from d ‖ z (64 bytes), Encaps from m (32 bytes), Decaps.
   */
  readonly mlKem768: {
    keygen(dz: Uint8Array): { encapsulationKey: Uint8Array; decapsulationKey: Uint8Array };
    encapsulate(encapsulationKey: Uint8Array, m: Uint8Array): { sharedSecret: Uint8Array; ciphertext: Uint8Array };
    decapsulate(decapsulationKey: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  };
}

/**
 * One open SQLite database (the vault's Node store): `node:sqlite` where the runtime has it, else
 * better-sqlite3. Both drivers are synchronous; parameters are numbers and byte arrays only.
 */
export interface SqliteConnection {
  /** Which driver opened it: `builtin` is the runtime's node:sqlite. */
  readonly driver: 'builtin' | 'better-sqlite3';
  /** Runs SQL without results (schema, pragmas, BEGIN/COMMIT). */
  exec(sql: string): void;
  /** Runs one statement (cached by its SQL text) with positional parameters. */
  run(sql: string, params: readonly (number | Uint8Array)[]): void;
  /** @returns the first row, or undefined. */
  get(sql: string, params: readonly (number | Uint8Array)[]): Record<string, unknown> | undefined;
  /** @returns every row. */
  all(sql: string, params: readonly (number | Uint8Array)[]): Record<string, unknown>[];
  /** Closes the database. */
  close(): void;
}

/** The plain files a migration reads and removes (Node only). */
export interface LocalFiles {
  /** @returns the names (not paths) of the regular files in `dir`, sorted. */
  list(dir: string): string[];
  /** @returns the whole file. */
  read(path: string): Uint8Array;
  /** Removes the file and syncs its directory, so the removal survives a crash. */
  remove(path: string): void;
  /** @returns `dir` joined with `name`. */
  join(dir: string, name: string): string;
}

/** Local storage of the vault: SQLite and plain files on Node, nothing on the web backend. */
export interface LocalStoreBackend {
  readonly name: 'node' | 'web';
  /**
   * Opens (creating it if missing) the SQLite file at `path`.
   * @param driver - force one driver (`builtin`: node:sqlite); default: builtin if present, else better-sqlite3.
   */
  openSqlite(path: string, driver?: 'builtin' | 'better-sqlite3'): SqliteConnection;
  /** The file system, for migrations. */
  readonly files: LocalFiles;
}
