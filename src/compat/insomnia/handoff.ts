/**
 * The Insomnia app's current login hand-off (release 10.x; Kong/insomnia
 * `packages/insomnia/src/account/session.ts`, `absorbKey`). The user logs in on the accounts website,
 * which hands the app a session id and `key` = SEC_PWD_Enc as 64 hex characters (the KDF of
 * ./kdf.ts with the account's `saltEnc`, computed by the website). The app then fetches
 * `/auth/whoami` with the session id and opens `encSymmetricKey` with that key; the passphrase never
 * reaches the app.
 *
 * {@link absorbInsomniaKey} does the same from the handed-over pair and the `whoami` answer, so an app
 * built on zkvault can take over from the Insomnia app's session. Hardening over the app, as in
 * {@link unlockInsomniaAccount}: the private key is opened too and the stored public key must match it.
 * The transport that carries the pair from the website to the app is not part of this module.
 * @module
 */
import { aobject, astring } from '../../bytes/index.js';
import { invalidInput, ZkvaultError } from '../../errors.js';
import { insomniaAesKey, parseInsomniaMessage } from './aes.js';
import {
  INSOMNIA_DEPS,
  jsonObject,
  needString,
  openInsomniaAccountKeysWith,
  type InsomniaDeps,
  type UnlockedInsomniaAccount,
} from './account.js';
import { insomniaEmail } from './kdf.js';
import { importInsomniaPublicKey, type InsomniaRsaPublicKey } from './rsa.js';

/** What the accounts website hands the app (the arguments of the app's `absorbKey`). */
export interface InsomniaHandoff {
  /** The session id (a bearer token for the Insomnia API: keep it secret). */
  sessionId: string;
  /** SEC_PWD_Enc, 64 hex characters. */
  key: string;
}

/** The `/auth/whoami` answer the app reads in `absorbKey` (no salts needed). */
export interface InsomniaWhoami {
  /** The account id. */
  accountId?: string;
  /** The account email. */
  email: string;
  /** The user's first name (not used by the crypto). */
  firstName?: string;
  /** The user's last name (not used by the crypto). */
  lastName?: string;
  /** JSON text of the `{iv,t,d,ad}` message holding SYM_Account's JWK under SEC_PWD_Enc. */
  encSymmetricKey: string;
  /** JSON text of the `{iv,t,d,ad}` message holding PRV_Account's JWK under SYM_Account. */
  encPrivateKey: string;
  /** JSON text of PUB_Account's JWK. */
  publicKey: string;
}

/** An account unlocked from the hand-off, with its session id. */
export interface InsomniaSession extends UnlockedInsomniaAccount {
  /** The handed-over session id (for the Insomnia API; never store it next to the keys). */
  readonly sessionId: string;
}

function badRecord(what: string): ZkvaultError {
  return new ZkvaultError('INVALID_RECORD', `zkvault: Insomnia ${what}`);
}

/** @internal Backend-parameterised {@link absorbInsomniaKey}. */
export async function absorbInsomniaKeyWith(deps: InsomniaDeps, whoami: InsomniaWhoami, handoff: InsomniaHandoff): Promise<InsomniaSession> {
  aobject(handoff, 'handoff');
  const sessionId = astring(handoff.sessionId, 'handoff.sessionId', 4096);
  if (sessionId.length === 0) throw invalidInput('"handoff.sessionId" expected a non-empty string');
  if (typeof handoff.key !== 'string' || !/^[0-9a-fA-F]{64}$/.test(handoff.key)) throw invalidInput('"handoff.key" expected 64 hex characters');
  const o = jsonObject(whoami, 'whoami');
  for (const m of ['email', 'encSymmetricKey', 'encPrivateKey', 'publicKey']) needString(o, m, 'whoami');
  if (o['accountId'] !== undefined && typeof o['accountId'] !== 'string') throw badRecord('whoami member accountId expected string');
  let email: string;
  try {
    email = insomniaEmail(o['email'] as string);
  } catch {
    throw badRecord('whoami email is empty');
  }
  const encSym = parseInsomniaMessage(o['encSymmetricKey']);
  const encPrv = parseInsomniaMessage(o['encPrivateKey']);
  let publicKey: InsomniaRsaPublicKey;
  try {
    publicKey = importInsomniaPublicKey(o['publicKey']);
  } catch {
    throw badRecord('whoami publicKey is not an RSA-OAEP-256 JWK');
  }
  const secPwdEnc = insomniaAesKey(handoff.key);
  try {
    const ids = typeof o['accountId'] === 'string' ? { accountId: o['accountId'] } : {};
    const account = await openInsomniaAccountKeysWith(deps, ids, email, publicKey, encSym, encPrv, secPwdEnc);
    return { ...account, sessionId };
  } finally {
    secPwdEnc.fill(0);
  }
}

/**
 * Unlocks an Insomnia account from the accounts website's hand-off, as the app's `absorbKey` does:
 * the handed-over key (SEC_PWD_Enc) opens SYM_Account from the `/auth/whoami` answer, SYM_Account
 * opens the private key, and the stored public key must be its public half.
 * @param whoami - the `/auth/whoami` answer fetched with `handoff.sessionId` (object or JSON text).
 * @param handoff - `{ sessionId, key }` as the website hands them over (`key`: 64 hex characters).
 * @returns the unlocked keys with the session id.
 * @throws ZkvaultError `DECRYPT_FAILED` if the key does not open the account (wrong key, another account's key, a
 *   tampered message); `VERIFY_FAILED` if `publicKey` does not match the private key; `INVALID_RECORD` for a
 *   malformed `whoami`; `INVALID_INPUT` for a malformed hand-off.
 * @example
 * ```ts
 * import { absorbInsomniaKey, deriveInsomniaKey, encryptInsomnia, insomniaAesJwk } from 'zkvault/compat/insomnia';
 * const email = 'alice@example.com';
 * // What the accounts website computed from the passphrase the user typed there, and the account row:
 * const saltEnc = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
 * const secPwdEnc = await deriveInsomniaKey('correct horse battery staple', { email, salt: saltEnc });
 * const rsa = await crypto.subtle.generateKey(
 *   { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
 * const symAccount = crypto.getRandomValues(new Uint8Array(32));
 * const whoami = {
 *   accountId: 'act_1', email,
 *   encSymmetricKey: JSON.stringify(await encryptInsomnia(JSON.stringify(insomniaAesJwk(symAccount)), secPwdEnc)),
 *   encPrivateKey: JSON.stringify(await encryptInsomnia(JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.privateKey)), symAccount)),
 *   publicKey: JSON.stringify(await crypto.subtle.exportKey('jwk', rsa.publicKey)),
 * };
 * const handoff = { sessionId: 'sess_123', key: Buffer.from(secPwdEnc).toString('hex') }; // absorbKey(sessionId, key)
 * const session = await absorbInsomniaKey(whoami, handoff);
 * console.log(session.accountId, session.symmetricKey.length); // 'act_1' 32
 * ```
 */
export function absorbInsomniaKey(whoami: InsomniaWhoami | string, handoff: InsomniaHandoff): Promise<InsomniaSession> {
  return absorbInsomniaKeyWith(INSOMNIA_DEPS, whoami as InsomniaWhoami, handoff);
}
