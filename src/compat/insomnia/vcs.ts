/**
 * The Insomnia app's current (VCS) sync data, as its release 10.1.1 writes it (Kong/insomnia
 * `packages/insomnia/src/sync/vcs/vcs.ts`, `sync/vcs/util.ts`, `sync/store/index.ts`,
 * `sync/store/hooks/compress.ts`; docs/insomnia.md cites the commits read):
 *
 * - a project key = a random AES-256 key as a JWK, shared to every team member as an RSA-OAEP-256
 *   blob of its JSON (`projectKey.encSymmetricKey`; the same format as a legacy resource-group link,
 *   so {@link openInsomniaResourceGroup} opens it);
 * - a blob = one version of one document: `content` = JSON.stringify(document, sorted keys), its id =
 *   SHA-1(content) as hex; on the wire its content is the JSON text of
 *   `encryptAESBuffer(projectKey, gzip(UTF-8(content)))` (the buffer variant of `{iv,t,d,ad}`).
 *
 * Reading a blob: AES-GCM (16-byte tag, ./aes.ts) → gunzip with a hard output limit (a malicious
 * member holding the project key can upload a decompression bomb) → SHA-1 of the result must be the
 * blob id. The app never checks that id; here a blob moved to another id by the server is refused.
 * @module
 */
import { aead as defaultAead } from '#backend/aead';
import { hash as defaultHash } from '#backend/hash';
import { inflate as defaultInflate } from '#backend/inflate';
import { random as defaultRandom } from '#backend/random';
import type { AeadBackend, HashBackend, InflateBackend, RandomBackend } from '../../backend/types.js';
import { aobject, equalBytes, fromHex, isPlainObject } from '../../bytes/index.js';
import { invalidInput, ZkvaultError } from '../../errors.js';
import { decryptInsomniaBytesWith, parseInsomniaMessage, type InsomniaAesKey } from './aes.js';

/** Default largest decompressed blob (32 MiB); larger ones fail with `TOO_LARGE`. */
export const INSOMNIA_MAX_BLOB_BYTES: number = 32 * 1024 * 1024;
/** Largest `maxBytes` accepted (1 GiB). */
const MAX_LIMIT = 1024 * 1024 * 1024;
const BLOB_ID_RE = /^[0-9a-f]{40}$/;

/** A blob as the app's sync server returns it (GraphQL `blobs { id content }`). */
export interface InsomniaBlob {
  /** SHA-1 of the document text, 40 lowercase hex characters. */
  id: string;
  /** JSON text of the `{iv,t,d,ad}` message (buffer variant) holding gzip(document text). */
  content: string;
}

/** A VCS project as the app's sync server returns it to one member, with the blobs to read. */
export interface InsomniaProject {
  /** Project id (`proj_…` in the app). */
  id: string;
  /** Project name (not encrypted by the app; not used by the crypto). */
  name?: string;
  /** Id of the workspace the project syncs (not used by the crypto). */
  rootDocumentId?: string;
  /** This member's `projectKey.encSymmetricKey`: hex RSA-OAEP-256 blob of the project key's AES JWK. */
  encSymmetricKey: string;
  /** Blobs of the project (for example those of the latest snapshot's state). */
  blobs?: InsomniaBlob[];
}

/** Options of {@link decryptInsomniaBlob}. */
export interface DecryptInsomniaBlobOptions {
  /** Largest decompressed size accepted, in bytes; default {@link INSOMNIA_MAX_BLOB_BYTES} (32 MiB), at most 1 GiB. */
  maxBytes?: number;
}

/** Backends used to read blobs. */
export interface InsomniaBlobDeps {
  readonly aead: AeadBackend;
  readonly random: RandomBackend;
  readonly hash: HashBackend;
  readonly inflate: InflateBackend;
}

/** @internal The platform backends for blob reading. */
export const INSOMNIA_BLOB_DEPS: InsomniaBlobDeps = { aead: defaultAead, random: defaultRandom, hash: defaultHash, inflate: defaultInflate };

/** @internal Checks a `maxBytes` option. */
export function blobLimit(maxBytes: unknown, name = 'options.maxBytes'): number {
  if (maxBytes === undefined) return INSOMNIA_MAX_BLOB_BYTES;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 0 || maxBytes > MAX_LIMIT) {
    throw invalidInput(`"${name}" expected an integer from 0 to ${MAX_LIMIT}`);
  }
  return maxBytes;
}

/** @internal Backend-parameterised {@link decryptInsomniaBlob}. */
export async function decryptInsomniaBlobWith(
  deps: InsomniaBlobDeps,
  blob: InsomniaBlob,
  projectKey: InsomniaAesKey,
  options?: DecryptInsomniaBlobOptions,
): Promise<Uint8Array> {
  const limit = blobLimit(options === undefined ? undefined : aobject(options, 'options')['maxBytes']);
  if (!isPlainObject(blob)) throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia blob expected a plain object');
  const { id, content } = blob;
  if (typeof id !== 'string' || !BLOB_ID_RE.test(id)) {
    throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia blob id expected 40 lowercase hex characters');
  }
  if (typeof content !== 'string') throw new ZkvaultError('INVALID_RECORD', 'zkvault: Insomnia blob content expected a string');
  const gz = await decryptInsomniaBytesWith(deps, projectKey, parseInsomniaMessage(content));
  let doc: Uint8Array;
  try {
    doc = await deps.inflate.gunzip(gz, limit);
  } catch (e) {
    // Name the blob (ids are public) so a migration can report which one to leave out.
    if (e instanceof ZkvaultError && e.code === 'TOO_LARGE') {
      throw new ZkvaultError('TOO_LARGE', `zkvault: Insomnia blob ${id} decompresses to more than ${limit} bytes`);
    }
    if (e instanceof ZkvaultError && e.code === 'INVALID_RECORD') {
      throw new ZkvaultError('INVALID_RECORD', `zkvault: Insomnia blob ${id} is not valid gzip`);
    }
    throw e;
  }
  // Content addressing: the app names a blob by SHA-1 of its text. Authentic content under another id
  // is a blob moved by the server (the app's messages bind no id).
  if (!equalBytes(deps.hash.digest('SHA-1', doc), fromHex(id))) {
    throw new ZkvaultError('VERIFY_FAILED', `zkvault: Insomnia blob ${id} does not hash to its id`);
  }
  return doc;
}

/**
 * Decrypts a blob of the app's VCS sync: AES-256-GCM (the app's `encryptAESBuffer`), then gunzip
 * with an output limit, then checks that SHA-1 of the document text is the blob id.
 * @param blob - `{ id, content }` as the server returns it.
 * @param projectKey - the project key (32 bytes, hex or AES JWK; {@link openInsomniaResourceGroup} opens it from
 *   `projectKey.encSymmetricKey`).
 * @param options - `maxBytes`: the largest decompressed size accepted (default 32 MiB).
 * @returns the document text as UTF-8 bytes (JSON; `JSON.parse(new TextDecoder().decode(bytes))`).
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong key or a tampered message; `TOO_LARGE` if it would decompress
 *   past `maxBytes` (a decompression bomb; inflation stops at the limit); `VERIFY_FAILED` if the text does not hash
 *   to the id; `INVALID_RECORD` for a malformed blob or content that is not gzip; `INVALID_INPUT` for a bad key or
 *   option; `UNSUPPORTED` on a platform without gzip decompression.
 * @example
 * ```ts
 * import { createHash, createCipheriv, randomBytes } from 'node:crypto';
 * import { gzipSync } from 'node:zlib';
 * import { decryptInsomniaBlob } from 'zkvault/compat/insomnia';
 * // A blob as the app pushes it: id = SHA-1(text), content = JSON of encryptAESBuffer(projectKey, gzip(text)).
 * const projectKey = randomBytes(32), text = '{"_id":"req_1","name":"Get users","type":"Request"}';
 * const iv = randomBytes(12), c = createCipheriv('aes-256-gcm', projectKey, iv);
 * const d = Buffer.concat([c.update(gzipSync(text)), c.final()]);
 * const blob = {
 *   id: createHash('sha1').update(text).digest('hex'),
 *   content: JSON.stringify({ iv: iv.toString('hex'), t: c.getAuthTag().toString('hex'), d: d.toString('hex'), ad: '' }, null, 2),
 * };
 * const doc = JSON.parse(new TextDecoder().decode(await decryptInsomniaBlob(blob, projectKey)));
 * console.log(doc.name); // 'Get users'
 * ```
 */
export function decryptInsomniaBlob(
  blob: InsomniaBlob,
  projectKey: InsomniaAesKey,
  options?: DecryptInsomniaBlobOptions,
): Promise<Uint8Array> {
  return decryptInsomniaBlobWith(INSOMNIA_BLOB_DEPS, blob, projectKey, options);
}
