// Our golden Insomnia vectors (vectors/insomnia-aes.json, made by scripts/generate-insomnia-vectors.ts
// with the app's own package) on both backends: every valid case opens to its plaintext, every invalid
// case throws DECRYPT_FAILED, including the ones the app's reader accepts (re-measured here).
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptInsomniaBytesWith, decryptInsomniaWith, type InsomniaAesJwk, type InsomniaAesMessage } from '../../src/compat/insomnia/aes.js';
import { decryptInsomniaResourceWith, openInsomniaResourceGroupWith, unlockInsomniaAccountWith } from '../../src/compat/insomnia/account.js';
import { decryptInsomniaRsaWith } from '../../src/compat/insomnia/rsa.js';
import { DECRYPT_FAILED_MESSAGE } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { loadInsomniaPeer, type InsomniaPeer, type PeerAccount, type PeerGroup } from './insomnia-peer.js';
import { zkvaultErrorOf } from '../helpers/errors.js';

interface AesCase {
  tcId: number;
  comment: string;
  key: string;
  keyForm: 'hex' | 'jwk';
  variant: 'string' | 'buffer';
  message: InsomniaAesMessage;
  plaintext?: string;
  plaintextHex?: string;
  result: 'valid' | 'invalid';
  appAccepts: boolean;
  flags: string[];
}
interface Vectors {
  aes: AesCase[];
  rsa: { privateKeyJwk: JsonWebKey; publicKeyJwk: JsonWebKey; tests: { tcId: number; blob: string; plaintext: string; result: string }[] };
  account: { payload: PeerAccount['payload']; passphrase: string; resourceGroup: PeerGroup['group']; resources: PeerGroup['resources']; docs: unknown[] };
}

const V = loadVectors<Vectors>('insomnia-aes.json');

function keyOf(c: AesCase): string | InsomniaAesJwk {
  if (c.keyForm === 'hex') return c.key;
  return { kty: 'oct', k: Buffer.from(c.key, 'hex').toString('base64url'), alg: 'A256GCM' };
}

let peer: InsomniaPeer;
beforeAll(async () => {
  peer = await loadInsomniaPeer();
});

describe.each(BACKENDS)('vectors/insomnia-aes.json [$name backend]', (deps) => {
  it('AES messages: valid cases open, invalid cases (also those the app accepts) throw DECRYPT_FAILED', async () => {
    const counts = { valid: 0, invalid: 0, invalidAcceptedByApp: 0 };
    for (const c of V.aes) {
      const run = c.variant === 'string' ? decryptInsomniaWith(deps, keyOf(c), c.message) : decryptInsomniaBytesWith(deps, keyOf(c), c.message);
      if (c.result === 'valid') {
        const out = await run;
        if (c.variant === 'string') expect(out, `tc${c.tcId}`).toBe(c.plaintext);
        else expect(toHexT(out as Uint8Array), `tc${c.tcId}`).toBe(c.plaintextHex);
        counts.valid++;
      } else {
        const e = await zkvaultErrorOf(run);
        expect(e.code, `tc${c.tcId} ${c.comment}`).toBe('DECRYPT_FAILED');
        expect(e.message).toBe(DECRYPT_FAILED_MESSAGE);
        counts.invalid++;
        if (c.appAccepts) counts.invalidAcceptedByApp++;
      }
    }
    reportCounts(`insomnia-aes.json aes [${deps.name}]`, counts);
    expect(counts.valid + counts.invalid).toBe(V.aes.length);
    expect(counts.invalidAcceptedByApp).toBeGreaterThanOrEqual(8);
  });

  it('RSA blobs and the app-made account, group and documents', async () => {
    let n = 0;
    for (const t of V.rsa.tests) {
      const run = decryptInsomniaRsaWith(deps.rsa, V.rsa.privateKeyJwk, t.blob);
      if (t.result === 'valid') expect(await run, `rsa tc${t.tcId}`).toBe(t.plaintext);
      else expect((await zkvaultErrorOf(run)).code).toBe('DECRYPT_FAILED');
      n++;
    }
    const a = V.account;
    const acct = await unlockInsomniaAccountWith(deps, a.payload, a.passphrase);
    const key = await openInsomniaResourceGroupWith(deps, acct, a.resourceGroup);
    for (const [i, r] of a.resources.entries()) {
      expect(JSON.parse(await decryptInsomniaResourceWith(deps, key, r))).toEqual(a.docs[i]);
      n++;
    }
    reportCounts(`insomnia-aes.json rsa+account [${deps.name}]`, { passed: n });
    expect(n).toBe(V.rsa.tests.length + a.resources.length);
  });
});

describe('vectors/insomnia-aes.json claims', () => {
  it('appAccepts is what the app\'s reader does today, and every valid case opens in the app', () => {
    let n = 0;
    for (const c of V.aes) {
      const key = keyOf(c) as string;
      let accepted: boolean;
      try {
        if (c.variant === 'string') peer.decryptAES(key, c.message);
        else peer.decryptAESToBuffer(key, c.message);
        accepted = true;
      } catch {
        accepted = false;
      }
      expect(accepted, `tc${c.tcId} ${c.comment}`).toBe(c.appAccepts);
      if (c.result === 'valid') expect(accepted).toBe(true);
      n++;
    }
    expect(n).toBe(V.aes.length);
    // The empty-tag forgery and the truncated tags are among them.
    expect(V.aes.filter((c) => c.flags.includes('Forgery') && c.appAccepts)).toHaveLength(2);
    expect(V.aes.filter((c) => c.flags.includes('TruncatedTag') && c.appAccepts).length).toBeGreaterThanOrEqual(3);
  });
});
