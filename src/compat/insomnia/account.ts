/**
 * Unlocking an Insomnia account and reading its resource groups, as the app's session and sync code
 * do after login:
 *
 * - SEC_PWD_Enc = deriveKey(passphrase, email, saltEnc) (./kdf.ts);
 * - SYM_Account = JSON AES JWK inside `encSymmetricKey` = encryptAES(SEC_PWD_Enc, JSON(jwk));
 * - PRV_Account = JSON RSA JWK inside `encPrivateKey` = encryptAES(SYM_Account, JSON(jwk));
 * - PUB_Account = `publicKey` (JSON RSA JWK, stored in the clear and not authenticated by anything);
 * - SYM_ResourceGroup = JSON AES JWK inside the group's `encSymmetricKey` = RSA-OAEP-256 blob (./rsa.ts);
 * - a resource's `encContent` = JSON of encryptAES(SYM_ResourceGroup, JSON(doc)).
 *
 * Hardening over the app: the stored `publicKey` must be the public half of the decrypted private
 * key (the app never checks, so a server could swap it and read every group shared to the account
 * afterwards); messages need full 16-byte tags (./aes.ts).
 * @module
 */
import { aead as defaultAead } from '#backend/aead';
import { kdf as defaultKdf } from '#backend/kdf';
import { random as defaultRandom } from '#backend/random';
import { rsa as defaultRsa } from '#backend/rsa';
import type { AeadBackend, KdfBackend, RandomBackend, RsaBackend } from '../../backend/types.js';
import { afields, astring, isPlainObject, utf8ToBytes } from '../../bytes/index.js';
import { ZkvaultError } from '../../errors.js';
import { decryptInsomniaWith, insomniaAesKey, parseInsomniaMessage, type InsomniaAesJwk, type InsomniaAesKey, type InsomniaAesMessage } from './aes.js';
import { deriveInsomniaKeyWith, insomniaEmail, insomniaSalt } from './kdf.js';
import {
  importInsomniaPrivateKey,
  importInsomniaPublicKey,
  unwrapInsomniaGroupKeyWith,
  type InsomniaRsaPrivateKey,
  type InsomniaRsaPublicKey,
} from './rsa.js';

/** Every backend the Insomnia compat layer uses. */
export interface InsomniaDeps {
  readonly aead: AeadBackend;
  readonly kdf: KdfBackend;
  readonly random: RandomBackend;
  readonly rsa: RsaBackend;
}

/** @internal The platform backends. */
export const INSOMNIA_DEPS: InsomniaDeps = { aead: defaultAead, kdf: defaultKdf, random: defaultRandom, rsa: defaultRsa };

/**
 * An Insomnia account as its server returns it (`/auth/whoami` and the account row). The key
 * members are JSON text, as the app stores them.
 */
export interface InsomniaAccountPayload {
  /** Account id (`act_` + 64 hex characters in the app). */
  id?: string;
  /** Some app endpoints call the id `accountId`. */
  accountId?: string;
  /** The account email (the SRP identity and KDF input once normalised). */
  email: string;
  /** The user's first name (not used by the crypto). */
  firstName?: string;
  /** The user's last name (not used by the crypto). */
  lastName?: string;
  /** Salt of SEC_PWD_Auth (hex text; used as text by the KDF). */
  saltKey?: string;
  /** SRP salt s (hex of the bytes). */
  saltAuth?: string;
  /** Salt of SEC_PWD_Enc (hex text). */
  saltEnc: string;
  /** SRP verifier v (hex). */
  verifier?: string;
  /** JSON text of the `{iv,t,d,ad}` message holding SYM_Account's JWK under SEC_PWD_Enc. */
  encSymmetricKey: string;
  /** JSON text of the `{iv,t,d,ad}` message holding PRV_Account's JWK under SYM_Account. */
  encPrivateKey: string;
  /** JSON text of PUB_Account's JWK. */
  publicKey: string;
}

/** An unlocked Insomnia account: its keys in memory. Never store these. */
export interface UnlockedInsomniaAccount {
  /** The normalised email. */
  readonly email: string;
  /** The account id, if the payload had one. */
  readonly accountId: string | undefined;
  /** SYM_Account, 32 bytes. */
  readonly symmetricKey: Uint8Array;
  /** PRV_Account. */
  readonly privateKey: InsomniaRsaPrivateKey;
  /** PUB_Account (checked to match PRV_Account). */
  readonly publicKey: InsomniaRsaPublicKey;
}

/** A resource group as the app's sync server returns it to one member (its link blob to that member). */
export interface InsomniaResourceGroup {
  /** The group id. */
  id: string;
  /** The group name (not used by the crypto). */
  name?: string;
  /** Hex RSA-OAEP-256 blob holding the group's AES JWK for this member. */
  encSymmetricKey: string;
}

/** A synced resource (a workspace, request, environment, ...) of the app's sync. */
export interface InsomniaResource {
  /** The resource id. */
  id: string;
  /** Id of the resource group whose key encrypts it. */
  resourceGroupId: string;
  /** The resource type (for example `Workspace`); the migration's record type when present. */
  type?: string;
  /** The resource name (not used by the crypto). */
  name?: string;
  /** JSON text of the `{iv,t,d,ad}` message holding JSON(doc) under the group key. */
  encContent: string;
  [extra: string]: unknown;
}

function badRecord(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: Insomnia ${what}`);
}

/** @internal Server JSON given as an object or its text: the object (`INVALID_RECORD` otherwise). */
export function jsonObject(value: unknown, what: string): Record<string, unknown> {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw badRecord(`${what} is not valid JSON`);
    }
  }
  if (!isPlainObject(v)) throw badRecord(`${what} expected a plain object`);
  return v;
}

/** @internal A required string member of server JSON (1..65536 characters). */
export function needString(o: Record<string, unknown>, member: string, what: string): string {
  const v = o[member];
  if (typeof v !== 'string' || v.length === 0 || v.length > 65536) throw badRecord(`${what} expected string member ${member}`);
  return v;
}

/**
 * Checks the shape of an account payload (nothing is decrypted).
 * @param account - untrusted server JSON (object or text).
 * @returns the payload, typed.
 * @throws ZkvaultError `INVALID_RECORD` if a required member is missing or not a string, or a salt is not hex.
 * @example
 * ```ts
 * import { ZkvaultError } from 'zkvault';
 * import { parseInsomniaAccount } from 'zkvault/compat/insomnia';
 * const body = '{"email":"alice@example.com","saltEnc":"9f86d0","encSymmetricKey":"{}","encPrivateKey":"{}","publicKey":"{}"}';
 * const acct = parseInsomniaAccount(body); // shape only: nothing is decrypted
 * try {
 *   parseInsomniaAccount({ email: 'alice@example.com' });
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'INVALID_RECORD') throw e;
 * }
 * ```
 */
export function parseInsomniaAccount(account: unknown): InsomniaAccountPayload {
  const o = jsonObject(account, 'account');
  for (const m of ['email', 'saltEnc', 'encSymmetricKey', 'encPrivateKey', 'publicKey']) needString(o, m, 'account');
  for (const m of ['id', 'accountId', 'firstName', 'lastName', 'saltKey', 'saltAuth', 'verifier']) {
    if (o[m] !== undefined && o[m] !== null && typeof o[m] !== 'string') throw badRecord(`account member ${m} expected string`);
  }
  for (const m of ['saltEnc', 'saltKey', 'saltAuth', 'verifier']) {
    if (typeof o[m] === 'string') {
      try {
        insomniaSalt(o[m], m);
      } catch {
        throw badRecord(`account member ${m} expected hex`);
      }
    }
  }
  return o as unknown as InsomniaAccountPayload;
}

function parseJwkText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRecord(`${what} does not hold JSON`);
  }
}

/** @internal Backend-parameterised {@link unlockInsomniaAccount}. */
export async function unlockInsomniaAccountWith(
  deps: InsomniaDeps,
  account: InsomniaAccountPayload,
  passphrase: string,
): Promise<UnlockedInsomniaAccount> {
  const a = parseInsomniaAccount(account);
  astring(passphrase, 'passphrase');
  const email = insomniaEmail(a.email);
  // Parse everything before the 100k-iteration KDF, so a malformed record fails fast.
  const encSym = parseInsomniaMessage(a.encSymmetricKey);
  const encPrv = parseInsomniaMessage(a.encPrivateKey);
  let publicKey: InsomniaRsaPublicKey;
  try {
    publicKey = importInsomniaPublicKey(a.publicKey);
  } catch {
    throw badRecord('account publicKey is not an RSA-OAEP-256 JWK');
  }
  const secPwdEnc = await deriveInsomniaKeyWith(deps.kdf, passphrase, email, a.saltEnc);
  try {
    return await openInsomniaAccountKeysWith(deps, a, email, publicKey, encSym, encPrv, secPwdEnc); // wrong passphrase: DECRYPT_FAILED
  } finally {
    secPwdEnc.fill(0);
  }
}

/**
 * @internal The part of an unlock after SEC_PWD_Enc is known (from the passphrase, or handed over by the
 * accounts website: ./handoff.ts): opens SYM_Account and PRV_Account and checks the stored public key.
 */
export async function openInsomniaAccountKeysWith(
  deps: InsomniaDeps,
  a: { id?: string | undefined; accountId?: string | undefined },
  email: string,
  publicKey: InsomniaRsaPublicKey,
  encSym: InsomniaAesMessage,
  encPrv: InsomniaAesMessage,
  secPwdEnc: Uint8Array,
): Promise<UnlockedInsomniaAccount> {
  const symText = await decryptInsomniaWith(deps, secPwdEnc, encSym);
  let symmetricKey: Uint8Array;
  try {
    symmetricKey = insomniaAesKey(parseJwkText(symText, 'encSymmetricKey') as InsomniaAesJwk);
  } catch {
    throw badRecord('encSymmetricKey does not hold an AES-256 JWK');
  }
  const prvText = await decryptInsomniaWith(deps, symmetricKey, encPrv);
  let privateKey: InsomniaRsaPrivateKey;
  try {
    privateKey = importInsomniaPrivateKey(parseJwkText(prvText, 'encPrivateKey'));
  } catch {
    throw badRecord('encPrivateKey does not hold an RSA-OAEP-256 private JWK');
  }
  // The app trusts the stored public key; a swapped one would silently route new shares to the server.
  if (publicKey.jwk.n !== privateKey.jwk.n || publicKey.jwk.e !== privateKey.jwk.e) {
    throw new ZkvaultError('VERIFY_FAILED', 'zkvault: Insomnia publicKey is not the public half of the account private key');
  }
  const accountId = typeof a.id === 'string' ? a.id : typeof a.accountId === 'string' ? a.accountId : undefined;
  return { email, accountId, symmetricKey, privateKey, publicKey };
}

/** @internal Backend-parameterised {@link openInsomniaResourceGroup}. */
export function openInsomniaResourceGroupWith(
  deps: InsomniaDeps,
  account: UnlockedInsomniaAccount,
  group: InsomniaResourceGroup,
): Promise<Uint8Array> {
  try {
    if (!isPlainObject(group)) throw badRecord('resource group expected a plain object');
    needString(group as unknown as Record<string, unknown>, 'encSymmetricKey', 'resource group');
    afields(account, 'account');
    return unwrapInsomniaGroupKeyWith(deps.rsa, account.privateKey, group.encSymmetricKey);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** @internal Backend-parameterised {@link decryptInsomniaResource}. */
export function decryptInsomniaResourceWith(
  deps: InsomniaDeps,
  groupKey: InsomniaAesKey,
  resource: InsomniaResource,
): Promise<string> {
  try {
    if (!isPlainObject(resource)) throw badRecord('resource expected a plain object');
    const enc = needString(resource as Record<string, unknown>, 'encContent', 'resource');
    return decryptInsomniaWith(deps, groupKey, parseInsomniaMessage(enc));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Unlocks an Insomnia account with its passphrase: derives SEC_PWD_Enc, opens SYM_Account and
 * PRV_Account, and checks that the stored public key belongs to the private key.
 * @param account - the account payload (`email`, `saltEnc`, `encSymmetricKey`, `encPrivateKey`, `publicKey`).
 * @param passphrase - the passphrase as typed.
 * @returns the unlocked keys.
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong passphrase or a tampered key message; `INVALID_RECORD` for a
 *   malformed payload; `VERIFY_FAILED` if `publicKey` does not match the private key.
 * @example
 * ```ts
 * import { deriveInsomniaKey, encryptInsomnia, insomniaAesJwk, unlockInsomniaAccount } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * // An account as the app's signup makes it (normally the server's /auth/whoami answer):
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
 * const saltEnc = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const symAccount = crypto.getRandomValues(new Uint8Array(32));
 * const whoami = {
 *   email, saltEnc,
 *   encSymmetricKey: JSON.stringify(await encryptInsomnia(JSON.stringify(insomniaAesJwk(symAccount)), await deriveInsomniaKey(passphrase, { email, salt: saltEnc }))),
 *   encPrivateKey: JSON.stringify(await encryptInsomnia(JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.privateKey)), symAccount)),
 *   publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)),
 * };
 * const acct = await unlockInsomniaAccount(whoami, passphrase);
 * console.log(acct.email, acct.symmetricKey.length); // 'alice@example.com' 32
 * ```
 */
export function unlockInsomniaAccount(account: InsomniaAccountPayload, passphrase: string): Promise<UnlockedInsomniaAccount> {
  return unlockInsomniaAccountWith(INSOMNIA_DEPS, account, passphrase);
}

/**
 * Opens the account's link to a resource group: the group's AES key.
 * @param group - the group as returned to this member (`encSymmetricKey`).
 * @param account - the unlocked account.
 * @returns the 32-byte SYM_ResourceGroup.
 * @throws ZkvaultError `DECRYPT_FAILED` if the link does not open with this account's key; `INVALID_RECORD` for
 *   a malformed group or a link without an AES-256 JWK.
 * @example
 * ```ts
 * import {
 *   deriveInsomniaKey, encryptInsomnia, insomniaAesJwk, openInsomniaResourceGroup, unlockInsomniaAccount, wrapInsomniaGroupKey,
 * } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com', passphrase = 'correct horse battery staple';
 * // An account as the app's signup makes it (normally the server's /auth/whoami answer):
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
 * const saltEnc = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const symAccount = crypto.getRandomValues(new Uint8Array(32));
 * const whoami = {
 *   email, saltEnc,
 *   encSymmetricKey: JSON.stringify(await encryptInsomnia(JSON.stringify(insomniaAesJwk(symAccount)), await deriveInsomniaKey(passphrase, { email, salt: saltEnc }))),
 *   encPrivateKey: JSON.stringify(await encryptInsomnia(JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.privateKey)), symAccount)),
 *   publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)),
 * };
 * const group = { id: 'grp_1', encSymmetricKey: await wrapInsomniaGroupKey(crypto.getRandomValues(new Uint8Array(32)), whoami.publicKey) };
 * const acct = await unlockInsomniaAccount(whoami, passphrase);
 * const groupKey = await openInsomniaResourceGroup(group, acct);
 * ```
 */
export function openInsomniaResourceGroup(group: InsomniaResourceGroup, account: UnlockedInsomniaAccount): Promise<Uint8Array> {
  return openInsomniaResourceGroupWith(INSOMNIA_DEPS, account, group);
}

/**
 * Decrypts a synced resource's `encContent` (the app's string variant) to the document's bytes:
 * the UTF-8 of its JSON text, as `decryptResource` returns a zkvault resource's bytes. For the text,
 * use {@link decryptInsomniaResourceString}.
 * @param resource - the resource (`encContent`).
 * @param groupKey - the group's key (bytes, hex or AES JWK).
 * @returns the document JSON as UTF-8 bytes.
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong key or a tampered message; `INVALID_RECORD` for a malformed resource.
 * @example
 * ```ts
 * import { decryptInsomniaResource, encryptInsomnia } from 'zkvault/compat/insomnia';
 * const groupKey = crypto.getRandomValues(new Uint8Array(32)); // from openInsomniaResourceGroup
 * const resource = {
 *   id: 'wrk_1', resourceGroupId: 'grp_1', type: 'Workspace',
 *   encContent: JSON.stringify(await encryptInsomnia(JSON.stringify({ name: 'My workspace' }), groupKey)),
 * };
 * const bytes = await decryptInsomniaResource(resource, groupKey);
 * console.log(bytes.length); // 22: the UTF-8 of '{"name":"My workspace"}'
 * ```
 */
export async function decryptInsomniaResource(resource: InsomniaResource, groupKey: InsomniaAesKey): Promise<Uint8Array> {
  return utf8ToBytes(await decryptInsomniaResourceWith(INSOMNIA_DEPS, groupKey, resource));
}

/**
 * {@link decryptInsomniaResource} returning the document's JSON text.
 * @param resource - the resource (`encContent`).
 * @param groupKey - the group's key (bytes, hex or AES JWK).
 * @returns the document JSON text (`JSON.parse` it for the object).
 * @throws ZkvaultError as {@link decryptInsomniaResource}.
 * @example
 * ```ts
 * import { decryptInsomniaResourceString, encryptInsomnia } from 'zkvault/compat/insomnia';
 * const groupKey = crypto.getRandomValues(new Uint8Array(32)); // from openInsomniaResourceGroup
 * const resource = {
 *   id: 'wrk_1', resourceGroupId: 'grp_1', type: 'Workspace',
 *   encContent: JSON.stringify(await encryptInsomnia(JSON.stringify({ name: 'My workspace' }), groupKey)),
 * };
 * const doc = JSON.parse(await decryptInsomniaResourceString(resource, groupKey));
 * console.log(doc.name); // 'My workspace'
 * ```
 */
export function decryptInsomniaResourceString(resource: InsomniaResource, groupKey: InsomniaAesKey): Promise<string> {
  return decryptInsomniaResourceWith(INSOMNIA_DEPS, groupKey, resource);
}
