// The accounts-website hand-off of Insomnia 10.x (session.ts absorbKey(sessionId, key)): unlocking the
// accounts of vectors/insomnia-vcs.json from (sessionId, key) and their whoami answer, on both
// backends; the result equals a passphrase unlock and reads the account's VCS data. Wrong or flipped
// keys, a swapped public key and malformed input fail with their codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openInsomniaResourceGroupWith, unlockInsomniaAccountWith } from '../../src/compat/insomnia/account.js';
import { absorbInsomniaKeyWith } from '../../src/compat/insomnia/handoff.js';
import { decryptInsomniaBlobWith } from '../../src/compat/insomnia/vcs.js';
import { absorbInsomniaKey } from '../../src/compat/insomnia/index.js';
import { errorCode } from '../helpers/errors.js';
import { alice, bob, fx, type VcsAccount as Account } from './insomnia-vcs-fixture.js';
import { BACKENDS } from '../helpers/backends.js';

/** The whoami answer absorbKey reads: no salts, no verifier. */
function whoami(a: Account) {
  const { email, firstName, lastName, encSymmetricKey, encPrivateKey, publicKey } = a.payload as Record<string, string>;
  return { accountId: a.accountId, email: email!, firstName: firstName!, lastName: lastName!, encSymmetricKey: encSymmetricKey!, encPrivateKey: encPrivateKey!, publicKey: publicKey! };
}

describe.each(BACKENDS)('absorbInsomniaKey [$name backend]', (deps) => {
  it('unlocks each account from (sessionId, key) to the same keys as its passphrase, and reads its project data', async () => {
    for (const a of [alice, bob]) {
      const session = await absorbInsomniaKeyWith(deps, whoami(a), a.handoff);
      expect(session.sessionId).toBe(a.handoff.sessionId);
      expect(session.accountId).toBe(a.accountId);
      expect(session.email).toBe(a.payload['email']);
      const byPassphrase = await unlockInsomniaAccountWith(deps, a.payload as never, a.passphraseTyped);
      expect(session.symmetricKey).toEqual(byPassphrase.symmetricKey);
      expect(session.privateKey.jwk).toEqual(byPassphrase.privateKey.jwk);
      // Take over: the handed-over session reads the VCS data.
      const p = fx.projects[0]!;
      const key = await openInsomniaResourceGroupWith(deps, session, { id: p.id, encSymmetricKey: p.teamKeys.find((k) => k.accountId === a.accountId)!.encSymmetricKey });
      const text = new TextDecoder().decode(await decryptInsomniaBlobWith(deps, p.blobs[0]!, key));
      expect(text).toBe(p.documents[0]!.text);
    }
  });

  it("another account's key, or any flipped bit of the key, is DECRYPT_FAILED; a swapped publicKey is VERIFY_FAILED", async () => {
    expect(await errorCode(absorbInsomniaKeyWith(deps, whoami(alice), bob.handoff))).toBe('DECRYPT_FAILED');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), async (bit) => {
        const k = Buffer.from(alice.handoff.key, 'hex');
        k[bit >> 3]! ^= 1 << (bit & 7);
        expect(await errorCode(absorbInsomniaKeyWith(deps, whoami(alice), { ...alice.handoff, key: k.toString('hex') }))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 20 },
    );
    expect(await errorCode(absorbInsomniaKeyWith(deps, { ...whoami(alice), publicKey: bob.payload['publicKey']! }, alice.handoff))).toBe('VERIFY_FAILED');
  });
});

describe('absorbInsomniaKey inputs', () => {
  it('takes whoami as object or JSON text, and rejects malformed hand-offs and answers', async () => {
    const w = whoami(alice);
    expect((await absorbInsomniaKey(JSON.stringify(w), alice.handoff)).sessionId).toBe(alice.handoff.sessionId);
    expect(await errorCode(absorbInsomniaKey(w, { ...alice.handoff, key: alice.handoff.key.slice(2) }))).toBe('INVALID_INPUT');
    expect(await errorCode(absorbInsomniaKey(w, { ...alice.handoff, sessionId: '' }))).toBe('INVALID_INPUT');
    expect(await errorCode(absorbInsomniaKey(w, null as never))).toBe('INVALID_INPUT');
    expect(await errorCode(absorbInsomniaKey(w, { sessionId: 1, key: alice.handoff.key } as never))).toBe('INVALID_INPUT');
    expect(await errorCode(absorbInsomniaKey('{', alice.handoff))).toBe('INVALID_RECORD');
    expect(await errorCode(absorbInsomniaKey({ ...w, encSymmetricKey: undefined } as never, alice.handoff))).toBe('INVALID_RECORD');
    expect(await errorCode(absorbInsomniaKey({ ...w, publicKey: '{}' }, alice.handoff))).toBe('INVALID_RECORD');
    expect(await errorCode(absorbInsomniaKey({ ...w, email: '  ' }, alice.handoff))).toBe('INVALID_RECORD');
    expect(await errorCode(absorbInsomniaKey({ ...w, accountId: 5 } as never, alice.handoff))).toBe('INVALID_RECORD');
  });
});
