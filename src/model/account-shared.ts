/**
 * @internal Shared internals of the M_Account flows (docs/architecture.md sections 2 and 3): the
 * passphrase derivations, salts, key contexts and option checks that sign-up (./account-signup.ts),
 * reset (./account-reset.ts), passphrase change (./account-change.ts) and the client login
 * (./login-client.ts) have in common. No entry point re-exports this file except the public constants.
 *
 * ```
 * SEC_PWD_Auth = PBKDF2-HMAC-SHA256(NFKD(passphrase), "zkvault/v1/auth" ‖ SLT_Auth_1, iterations, 32)
 * SEC_PWD_Enc  = PBKDF2-HMAC-SHA256(NFKD(passphrase), "zkvault/v1/enc"  ‖ SLT_Enc,    iterations, 32)
 * with a secret key SK (two-secret key derivation):
 *   SEC_PWD_Auth = HKDF-SHA256(ikm = PBKDF2 output, salt = SK, info = ctx("zkvault/v1/2skd/auth", I), 32)
 *   SEC_PWD_Enc  = HKDF-SHA256(ikm = PBKDF2 output, salt = SK, info = ctx("zkvault/v1/2skd/enc", I), 32)
 * SRP_Verifier = g^x, x = H(SLT_Auth_2 ‖ H(I ‖ ":" ‖ SEC_PWD_Auth)), I = account id
 * SYM_Account  locked: envelope under SEC_PWD_Enc, AAD ctx("zkvault/v1/sym-account", I)
 * PRV_Account  locked: envelope under SYM_Account, AAD ctx("zkvault/v1/prv-account", I, PUB_Account)
 * PRV_Sign     locked: envelope under SYM_Account (src/model/account-keys.ts)
 * ```
 * @module
 */
import { ainteger, aobject, copyBytes, equalBytes, fromBase64url, isBytes, utf8ToBytes, wipe } from '../bytes/index.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { passwordBytes } from '../kdf/pbkdf2.js';
import { lockKeyWith } from '../keys/wrap.js';
import { PublicValue, storeKey, UnlockedKey } from '../keys/index.js';
import { UnlockedAccount } from './account-state.js';
import { encodeContext, PURPOSE } from './context.js';
import { type ModelDeps } from './deps.js';
import { parseSecretKey, SECRET_KEY_LENGTH } from './human.js';
import { SALT_LENGTH, SRP_BITS, SRP_HASHES, type AccountRecord, type LoginParams, type SrpParamsRecord } from './records.js';
import { srpVerifier } from './srp-link.js';
import { checkPassphraseParams, type PassphrasePolicy } from './policy.js';
/** Default PBKDF2-SHA256 iterations (OWASP 2023). */
export const DEFAULT_ITERATIONS = 600_000;
/** Default client floor: `ClientLogin.start` refuses parameters below this unless `minIterations` is given. */
export const DEFAULT_MIN_ITERATIONS = 600_000;
/**
 * Default client ceiling: `ClientLogin.start` refuses parameters above this (a server asking for 2^32
 * iterations would otherwise hang the client for hours).
 */
export const DEFAULT_MAX_ITERATIONS = 10_000_000;
/** Default SRP group and hash for new accounts (docs/architecture.md section 3). */
export const DEFAULT_SRP: SrpParamsRecord = { bits: 3072, hash: 'SHA-256' };
/** Smallest SRP group a client accepts. */
const MIN_SRP_BITS = 2048;
const MAX_PASSPHRASE = 4096;

const AUTH_LABEL = utf8ToBytes('zkvault/v1/auth');
const ENC_LABEL = utf8ToBytes('zkvault/v1/enc');

/** The parameters an unlocked account was made or verified with, and the policy in force then. */
export interface KnownParams {
  readonly iterations: number;
  readonly srp: SrpParamsRecord;
  readonly secretKey: boolean;
  readonly salts: readonly [string, string, string];
  readonly policy: PassphrasePolicy;
}

// Filled by createAccount, unlockAccount and changePassphrase: changePassphrase takes its
// parameters from here, never from the (untrusted) record it is given.
export const knownParams: WeakMap<UnlockedAccount, KnownParams> = new WeakMap();

export function knownOf(r: LoginParams, policy: PassphrasePolicy): KnownParams {
  return { iterations: r.kdf.iterations, srp: r.srp, secretKey: r.secretKey, salts: [r.SLT_Auth_1, r.SLT_Auth_2, r.SLT_Enc], policy };
}

export function recordSalts(r: LoginParams): Uint8Array[] {
  return [fromBase64url(r.SLT_Auth_1), fromBase64url(r.SLT_Auth_2), fromBase64url(r.SLT_Enc)];
}


export function apassphrase(p: unknown, name: string): Uint8Array {
  if (typeof p === 'string') {
    if (p.length === 0 || p.length > MAX_PASSPHRASE) throw invalidInput(`"${name}" expected a non-empty string of at most ${MAX_PASSPHRASE} characters`);
    return passwordBytes(p);
  }
  if (isBytes(p)) {
    if (p.length === 0 || p.length > 4 * MAX_PASSPHRASE) throw invalidInput(`"${name}" expected 1..${4 * MAX_PASSPHRASE} bytes`);
    return copyBytes(p);
  }
  throw invalidInput(`"${name}" expected string or Uint8Array`);
}

export function asecretKey(sk: unknown): Uint8Array | undefined {
  if (sk === undefined) return undefined;
  if (typeof sk === 'string') return parseSecretKey(sk);
  if (isBytes(sk) && sk.length === SECRET_KEY_LENGTH) return copyBytes(sk);
  throw invalidInput('"secretKey" expected a ZK1- string or 16 bytes');
}

export function aiterations(value: unknown, name: string): number {
  return ainteger(value, name, 1, 2 ** 32 - 1);
}

export function asrp(o: unknown): SrpParamsRecord {
  if (o === undefined) return DEFAULT_SRP;
  const s = aobject(o, 'srp');
  // `null` is a bad value, not the default.
  const bits = s['bits'] === undefined ? DEFAULT_SRP.bits : s['bits'];
  const hash = s['hash'] === undefined ? DEFAULT_SRP.hash : s['hash'];
  if (typeof bits !== 'number' || !(SRP_BITS as readonly number[]).includes(bits)) throw invalidInput('"srp.bits" expected an RFC 5054 group size');
  if (bits < MIN_SRP_BITS) throw new ZkvaultError('WEAK_GROUP', `zkvault: SRP groups under ${MIN_SRP_BITS} bits are refused`);
  if (typeof hash !== 'string' || !(SRP_HASHES as readonly string[]).includes(hash)) throw invalidInput('"srp.hash" expected SHA-256 or SHA-512');
  return { bits: bits as SrpParamsRecord['bits'], hash: hash as SrpParamsRecord['hash'] };
}

export interface PassphraseKeys {
  readonly auth: UnlockedKey<'SEC_PWD_Auth'>;
  readonly enc: UnlockedKey<'SEC_PWD_Enc'>;
}

/** Both derivations start together (they run in parallel on the Node threadpool / WebCrypto). */
export async function derivePassphraseKeys(
  deps: ModelDeps,
  accountId: string,
  pw: Uint8Array,
  sltAuth1: Uint8Array,
  sltEnc: Uint8Array,
  iterations: number,
  secretKey: Uint8Array | undefined,
): Promise<PassphraseKeys> {
  const [a, e] = await Promise.all([
    deps.kdf.pbkdf2('SHA-256', pw, concat(AUTH_LABEL, sltAuth1), iterations, 32),
    deps.kdf.pbkdf2('SHA-256', pw, concat(ENC_LABEL, sltEnc), iterations, 32),
  ]);
  let authRaw = a;
  let encRaw = e;
  if (secretKey !== undefined) {
    authRaw = deps.kdf.hkdf('SHA-256', a, secretKey, encodeContext(PURPOSE.secretKeyAuth, [accountId]), 32);
    encRaw = deps.kdf.hkdf('SHA-256', e, secretKey, encodeContext(PURPOSE.secretKeyEnc, [accountId]), 32);
    wipe(a, e);
  }
  const keys = { auth: UnlockedKey.from('SEC_PWD_Auth', authRaw), enc: UnlockedKey.from('SEC_PWD_Enc', encRaw) };
  wipe(authRaw, encRaw);
  return keys;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function symAccountAad(accountId: string): Uint8Array {
  return encodeContext(PURPOSE.symAccount, [accountId]);
}

export function prvAccountAad(accountId: string, pubText: string): Uint8Array {
  return encodeContext(PURPOSE.prvAccount, [accountId, pubText]);
}

function freshSalts(deps: ModelDeps): [Uint8Array, Uint8Array, Uint8Array] {
  for (;;) {
    const s: [Uint8Array, Uint8Array, Uint8Array] = [
      deps.random.randomBytes(SALT_LENGTH),
      deps.random.randomBytes(SALT_LENGTH),
      deps.random.randomBytes(SALT_LENGTH),
    ];
    // Equal salts are what the client refuses; never make them (a broken RNG would).
    if (!equalBytes(s[0], s[1]) && !equalBytes(s[0], s[2]) && !equalBytes(s[1], s[2])) return s;
  }
}

/** Builds the login half of a record and the new verifier, and locks SYM_Account, for a passphrase. */
export async function passphraseRecord(
  deps: ModelDeps,
  accountId: string,
  pw: Uint8Array,
  iterations: number,
  srp: SrpParamsRecord,
  secretKey: Uint8Array | undefined,
  symAccount: UnlockedKey<'SYM_Account'>,
  policy: PassphrasePolicy,
): Promise<Omit<AccountRecord, 'PUB_Account' | 'PRV_Account'>> {
  const [sltAuth1, sltAuth2, sltEnc] = freshSalts(deps);
  checkPassphraseParams({ iterations, srp, salts: [sltAuth1, sltAuth2, sltEnc] }, policy);
  const { auth, enc } = await derivePassphraseKeys(deps, accountId, pw, sltAuth1, sltEnc, iterations, secretKey);
  try {
    const verifier = await srpVerifier(srp, accountId, auth.bytes(), sltAuth2);
    const lockedSym = await lockKeyWith(deps, enc, symAccount, symAccountAad(accountId));
    return {
      v: 1,
      suite: 'zkv1',
      accountId,
      kdf: { alg: 'PBKDF2-SHA256', iterations },
      srp: { bits: srp.bits, hash: srp.hash },
      secretKey: secretKey !== undefined,
      SLT_Auth_1: storeKey(new PublicValue('SLT_Auth_1', sltAuth1)),
      SLT_Auth_2: storeKey(new PublicValue('SLT_Auth_2', sltAuth2)),
      SLT_Enc: storeKey(new PublicValue('SLT_Enc', sltEnc)),
      SRP_Verifier: storeKey(new PublicValue('SRP_Verifier', verifier)),
      SYM_Account: storeKey(lockedSym),
    };
  } finally {
    auth.dispose();
    enc.dispose();
  }
}
