/**
 * Vector suites for `zkvault/compat/insomnia`: the interop fixture made by the Insomnia app's own
 * package (KDF and SRP), our golden Insomnia vectors (AES messages with the short/empty-tag attacks,
 * RSA link blobs, an app-made account) and Wycheproof RSA-OAEP-SHA-256 through the same key import.
 * @module
 */
import { rsa } from '#backend/rsa';
import { fromHex, toBase64url, toHex } from '../../bytes/index.js';
import {
  decryptInsomnia,
  decryptInsomniaBytes,
  decryptInsomniaResourceString,
  decryptInsomniaRsa,
  deriveInsomniaKey,
  importInsomniaPrivateKey,
  openInsomniaResourceGroup,
  unlockInsomniaAccount,
  type InsomniaAccountPayload,
  type InsomniaAesMessage,
  type InsomniaResource,
  type InsomniaResourceGroup,
} from '../../compat/insomnia/index.js';
import { random } from '#backend/random';
import { withBackends } from '../../backend/backend-deps.js';
import { scriptedRandom } from '../../backend/scripted-random.js';
import { InsomniaLoginClient, insomniaLoginA, insomniaLoginM1 } from '../../compat/insomnia/srp.js';
import { defineSuite, h, mustThrow, PASS, same, type CaseOutcome, type Suite } from '../suite.js';

interface InteropVector {
  name: string;
  email: string;
  passphrase: string;
  saltKey: string;
  saltAuth?: string;
  saltEnc?: string;
  secPwdAuth: string;
  secPwdEnc?: string;
  srp?: Record<string, string>;
}
interface AesCase {
  tcId: number;
  key: string;
  keyForm: 'hex' | 'jwk';
  variant: 'string' | 'buffer';
  message: InsomniaAesMessage;
  plaintext?: string;
  plaintextHex?: string;
  result: 'valid' | 'invalid';
}
interface RsaCase {
  tcId: number;
  blob: string;
  plaintext: string;
  result: string;
}
interface AccountCase {
  payload: InsomniaAccountPayload;
  passphrase: string;
  resourceGroup: InsomniaResourceGroup;
  resources: InsomniaResource[];
  docs: unknown[];
}
interface WyOaep {
  tcId: number;
  msg: string;
  ct: string;
  label: string;
  result: string;
}

function text(what: string, got: string, want: string | undefined): CaseOutcome {
  return got === want ? PASS : { ok: false, why: `${what} differs` };
}

async function srpLogin(v: InteropVector): Promise<CaseOutcome> {
  const s = v.srp!;
  const record = { email: v.email, saltKey: v.saltKey, saltAuth: v.saltAuth!, verifier: s['v']! };
  // The vector's a and b are the ephemeral draws (through the backend seam, never a public option).
  const client = await withBackends({ random: scriptedRandom([h(s['a']!)]) }, () => InsomniaLoginClient.start(v.email, v.passphrase, { saltKey: v.saltKey, saltAuth: v.saltAuth! }));
  if (client.loginARequest.srpA !== s['A']) return { ok: false, why: 'A differs' };
  const a = await withBackends({ random: scriptedRandom([h(s['b']!)], random) }, () => insomniaLoginA(client.loginARequest, record));
  if (a.response.srpB !== s['B']) return { ok: false, why: 'B differs' };
  const m1 = await client.respond(a.response);
  if (m1.srpM1 !== s['M1']) return { ok: false, why: 'M1 differs' };
  const m = await insomniaLoginM1(m1, a.state);
  if (m.response.srpM2 !== s['M2']) return { ok: false, why: 'M2 differs' };
  const { sessionId } = await client.verify(m.response);
  return text('sessionId = K', sessionId, s['K']);
}

type InteropItem = { kind: 'kdf'; v: InteropVector; salt: string; want: string } | { kind: 'srp'; v: InteropVector };
type AesItem = { kind: 'aes'; c: AesCase } | { kind: 'rsa'; c: RsaCase; jwk: unknown } | { kind: 'account'; a: AccountCase };

export const insomniaSuites: Suite[] = [
  defineSuite<InteropItem>(
    'insomnia-interop',
    'insomnia-interop.json',
    (d) =>
      (d.vectors as InteropVector[]).flatMap((v) => {
        const items: { id: string; value: InteropItem }[] = [{ id: `${v.name} SEC_PWD_Auth`, value: { kind: 'kdf', v, salt: v.saltKey, want: v.secPwdAuth } }];
        if (v.saltEnc !== undefined && v.secPwdEnc !== undefined) items.push({ id: `${v.name} SEC_PWD_Enc`, value: { kind: 'kdf', v, salt: v.saltEnc, want: v.secPwdEnc } });
        if (v.srp !== undefined) items.push({ id: `${v.name} SRP`, value: { kind: 'srp', v } });
        return items;
      }),
    async (it) => {
      if (it.kind === 'srp') return srpLogin(it.v);
      return same('key', await deriveInsomniaKey(it.v.passphrase, { email: it.v.email, salt: it.salt }), h(it.want));
    },
  ),
  defineSuite<AesItem>(
    'insomnia-aes',
    'insomnia-aes.json',
    (d) => [
      ...(d.aes as AesCase[]).map((c) => ({ id: `aes tc${c.tcId}`, value: { kind: 'aes', c } as AesItem })),
      ...(d.rsa.tests as RsaCase[]).map((c) => ({ id: `rsa tc${c.tcId}`, value: { kind: 'rsa', c, jwk: d.rsa.privateKeyJwk } as AesItem })),
      { id: 'account', value: { kind: 'account', a: d.account as AccountCase } },
    ],
    async (it) => {
      if (it.kind === 'aes') {
        const c = it.c;
        const key = c.keyForm === 'hex' ? c.key : { kty: 'oct' as const, k: toBase64url(fromHex(c.key)) };
        const run = (): Promise<string | Uint8Array> => (c.variant === 'string' ? decryptInsomnia(c.message, key) : decryptInsomniaBytes(c.message, key));
        if (c.result === 'invalid') return mustThrow(run, ['DECRYPT_FAILED']);
        const out = await run();
        return typeof out === 'string' ? text('plaintext', out, c.plaintext) : text('plaintext', toHex(out), c.plaintextHex);
      }
      if (it.kind === 'rsa') {
        const run = (): Promise<string> => decryptInsomniaRsa(it.c.blob, it.jwk as object);
        if (it.c.result === 'invalid') return mustThrow(run, ['DECRYPT_FAILED']);
        return text('plaintext', await run(), it.c.plaintext);
      }
      const a = it.a;
      const acct = await unlockInsomniaAccount(a.payload, a.passphrase);
      const key = await openInsomniaResourceGroup(a.resourceGroup, acct);
      for (const [i, r] of a.resources.entries()) {
        const out = text(`document ${i}`, await decryptInsomniaResourceString(r, key), JSON.stringify(a.docs[i]));
        if (!('ok' in out) || !out.ok) return out;
      }
      return PASS;
    },
  ),
  defineSuite<{ jwk: unknown; t: WyOaep }>(
    'wycheproof-rsa-oaep',
    'wycheproof/rsa_oaep_2048_sha256_mgf1sha256_test.json',
    (d) => d.testGroups.flatMap((g: { privateKeyJwk: unknown; tests: WyOaep[] }) => g.tests.map((t) => ({ id: `tc${t.tcId}`, value: { jwk: g.privateKeyJwk, t } }))),
    async ({ jwk, t }) => {
      const key = importInsomniaPrivateKey(jwk);
      const run = (): Promise<Uint8Array> => rsa.oaepDecrypt(key.jwk, h(t.ct), h(t.label));
      if (t.result === 'invalid') return mustThrow(run, ['DECRYPT_FAILED']);
      return same('plaintext', await run(), h(t.msg));
    },
  ),
];
