// The public zkvault/hpke API (bound to the node backend, as on Node) and the per-backend core:
// argument checks, error codes, mode selection, multi-message contexts, export, dispose.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { X25519_FAILED_MESSAGE } from '../../src/backend/types.js';
import { ZkvaultError } from '../../src/errors.js';
import { expand as nobleExpand } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { computeNonce, EXPORT_MAX_LENGTH, hpkeSuiteId, messageNonce, SEQ_LIMIT } from '../../src/hpke/context.js';
import { labeledExpand } from '../../src/hpke/labeled.js';
import { syncOutcome } from '../helpers/errors.js';
import { generateKeyPairWith } from '../../src/hpke/dhkem.js';
import { openWith, sealWith, setupRecipientWith, setupSenderWith, type HpkeOpenArgs, type HpkeSealArgs } from '../../src/hpke/hpke.js';
import {
  deriveKeyPair,
  generateKeyPair,
  open,
  seal,
  setupRecipient,
  setupSender,
  x25519PublicKey,
  type HpkeOpenOptions,
} from '../../src/hpke/index.js';
import { hex, loadVectors, toHexT } from '../helpers/vectors.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode } from '../helpers/errors.js';

const enc8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const rfc9180 = loadVectors<{ vectors: { ikmR: string; skRm: string; pkRm: string; base_nonce: string }[] }>('rfc9180-hpke.json');

describe('zkvault/hpke public API', () => {
  it('generateKeyPair gives fresh 32-byte pairs whose public key matches x25519PublicKey', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.privateKey).toHaveLength(32);
    expect(a.publicKey).toHaveLength(32);
    expect(toHexT(a.privateKey)).not.toBe(toHexT(b.privateKey));
    expect(toHexT(x25519PublicKey(a.privateKey))).toBe(toHexT(a.publicKey));
  });

  it('deriveKeyPair is RFC 9180 DeriveKeyPair and checks ikm', async () => {
    const v = rfc9180.vectors[0]!;
    const kp = deriveKeyPair(hex(v.ikmR));
    expect(toHexT(kp.privateKey)).toBe(v.skRm);
    expect(toHexT(kp.publicKey)).toBe(v.pkRm);
    expect(await errorCode(() => deriveKeyPair(new Uint8Array(31)))).toBe('INVALID_INPUT');
    expect(await errorCode(() => deriveKeyPair('seed' as unknown as Uint8Array))).toBe('INVALID_INPUT');
    expect(await errorCode(() => x25519PublicKey(new Uint8Array(16)))).toBe('INVALID_INPUT');
  });

  it('round-trips in every mode and AEAD, and the mode follows the options', async () => {
    const r = generateKeyPair();
    const s = generateKeyPair();
    const psk = new Uint8Array(32).fill(7);
    const pskId = enc8('psk-1');
    for (const aead of ['AES-256-GCM', 'AES-128-GCM', undefined] as const) {
      for (const [auth, withPsk, mode] of [
        [false, false, 'base'],
        [false, true, 'psk'],
        [true, false, 'auth'],
        [true, true, 'auth_psk'],
      ] as const) {
        const extra = { aead, ...(withPsk ? { psk, pskId } : {}) };
        const { enc, context } = await setupSender(r.publicKey, {
          ...extra,
          ...(auth ? { senderPrivateKey: s.privateKey } : {}),
        });
        expect(context.mode).toBe(mode);
        const ct = await context.seal(enc8('hello'), { aad: enc8('aad') });
        expect(ct).toHaveLength(5 + 16);
        const rc = await setupRecipient(enc, r.privateKey, {
          ...extra,
          ...(auth ? { senderPublicKey: s.publicKey } : {}),
        });
        expect(rc.mode).toBe(mode);
        expect(new TextDecoder().decode(await rc.open(ct, { aad: enc8('aad') }))).toBe('hello');
        expect(await errorCode(rc.open(ct, enc8('aad') as never))).toBe('INVALID_INPUT'); // a bare aad is not an options object
      }
    }
  });

  it('one-shot seal/open in auth mode, the link shape of docs/architecture.md section 5', async () => {
    const member = generateKeyPair();
    const sharer = generateKeyPair();
    const groupKey = new Uint8Array(32).fill(3);
    const info = enc8('zkvault/v1/link|tenant|group|1|sharer|member');
    const sealed = await seal(groupKey, member.publicKey, { info, senderPrivateKey: sharer.privateKey });
    const { enc, ciphertext } = sealed;
    expect(enc).toHaveLength(32);
    expect(ciphertext).toHaveLength(48);
    const opened = await open(sealed, member.privateKey, { info, senderPublicKey: sharer.publicKey });
    expect(toHexT(opened)).toBe(toHexT(groupKey));
    // Another sender, another group (info), no sender (base mode), another AEAD, another key: all fail the same way.
    const other = generateKeyPair();
    const base: HpkeOpenOptions = { info, senderPublicKey: sharer.publicKey };
    expect(await errorCode(open(sealed, member.privateKey, { ...base, senderPublicKey: other.publicKey }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(open(sealed, member.privateKey, { ...base, info: enc8('zkvault/v1/link|tenant|group2|1|sharer|member') }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(open(sealed, member.privateKey, { ...base, senderPublicKey: undefined }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(open(sealed, member.privateKey, { ...base, aead: 'AES-128-GCM' }))).toBe('DECRYPT_FAILED');
    expect(await errorCode(open(sealed, other.privateKey, base))).toBe('DECRYPT_FAILED');
  });

  it('names the bad argument of the public functions in INVALID_INPUT', async () => {
    const r = generateKeyPair();
    const sealed = await seal(enc8('m'), r.publicKey);
    const cases: [string, () => Promise<unknown>][] = [
      ['"plaintext"', () => seal('m' as never, r.publicKey)],
      ['"recipientPublicKey"', () => seal(enc8('m'), new Uint8Array(31))],
      ['"options"', () => seal(enc8('m'), r.publicKey, null as never)],
      ['"options"', () => seal(enc8('m'), r.publicKey, [] as never)],
      ['"sealed"', () => open(null as never, r.privateKey)],
      ['"sealed.enc"', () => open({ ...sealed, enc: 'x' as never }, r.privateKey)],
      ['"sealed.ciphertext"', () => open({ enc: sealed.enc } as never, r.privateKey)],
      ['"recipientPrivateKey"', () => open(sealed, new Uint8Array(33))],
      ['"recipientPublicKey"', () => setupSender(undefined as never)],
      ['"enc"', () => setupRecipient('enc' as never, r.privateKey)],
      ['"options"', () => setupRecipient(sealed.enc, r.privateKey, 7 as never)],
    ];
    for (const [name, f] of cases) {
      const e = await f().then(() => undefined, (x: unknown) => x);
      expect(e, name).toBeInstanceOf(ZkvaultError);
      expect((e as ZkvaultError).code, name).toBe('INVALID_INPUT');
      expect((e as ZkvaultError).message, name).toContain(name);
    }
  });
});

describe('zkvault/hpke public seal/open (property)', () => {
  it('round trips any message, info and aad in base and auth mode; a flipped byte, another info, aad or sender fails', async () => {
    const r = generateKeyPair();
    const s = generateKeyPair();
    const other = generateKeyPair();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 }), fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 4 }), async (pt, info, aad, auth, at, what) => {
        const sealed = await seal(pt, r.publicKey, { info, aad, ...(auth ? { senderPrivateKey: s.privateKey } : {}) });
        const o = { info, aad, ...(auth ? { senderPublicKey: s.publicKey } : {}) };
        expect(toHexT(await open(sealed, r.privateKey, o))).toBe(toHexT(pt));
        const enc = sealed.enc.slice();
        const ciphertext = sealed.ciphertext.slice();
        if (what === 0) enc[at % enc.length]! ^= 1;
        if (what === 1) ciphertext[at % ciphertext.length]! ^= 1;
        const bad = {
          ...o,
          ...(what === 2 ? { info: Uint8Array.of(...info, 0) } : {}),
          ...(what === 3 ? { aad: Uint8Array.of(...aad, 0) } : {}),
          ...(what === 4 ? { senderPublicKey: other.publicKey } : {}),
        };
        expect(await errorCode(open({ enc, ciphertext }, r.privateKey, bad))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 40 },
    );
  });
});

describe.each(BACKENDS)('HPKE core, $name backend', (deps) => {
  const r = generateKeyPairWith(deps);
  const s = generateKeyPairWith(deps);
  const sealOpts: HpkeSealArgs = { recipientPublicKey: r.publicKey, plaintext: enc8('m') };

  it('rejects bad seal arguments with INVALID_INPUT (rejected promise, no crash)', async () => {
    const bad: [string, unknown][] = [
      ['options null', null],
      ['recipientPublicKey short', { ...sealOpts, recipientPublicKey: new Uint8Array(31) }],
      ['recipientPublicKey missing', { plaintext: enc8('m') }],
      ['recipientPublicKey string', { ...sealOpts, recipientPublicKey: 'x'.repeat(32) }],
      ['senderPrivateKey long', { ...sealOpts, senderPrivateKey: new Uint8Array(33) }],
      ['plaintext missing', { recipientPublicKey: r.publicKey }],
      ['info not bytes', { ...sealOpts, info: 'info' }],
      ['aad not bytes', { ...sealOpts, aad: [1, 2] }],
      ['psk without pskId', { ...sealOpts, psk: new Uint8Array(32) }],
      ['pskId without psk', { ...sealOpts, pskId: enc8('id') }],
      ['psk under 32 bytes', { ...sealOpts, psk: new Uint8Array(31), pskId: enc8('id') }],
      ['empty pskId', { ...sealOpts, psk: new Uint8Array(32), pskId: new Uint8Array(0) }],
      ['unknown aead', { ...sealOpts, aead: 'ChaCha20Poly1305' }],
    ];
    for (const [what, o] of bad) {
      const p = sealWith(deps, o as HpkeSealArgs);
      expect(p, what).toBeInstanceOf(Promise);
      expect(await errorCode(p), what).toBe('INVALID_INPUT');
    }
  });

  it('refuses a low-order recipient public key when sealing (all-zero DH)', async () => {
    for (const u of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      const err = await sealWith(deps, { ...sealOpts, recipientPublicKey: u }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZkvaultError);
      expect((err as ZkvaultError).code).toBe('INVALID_INPUT');
      expect((err as ZkvaultError).message).toBe(X25519_FAILED_MESSAGE);
    }
  });

  it('every open failure is the one DECRYPT_FAILED; bad keys are INVALID_INPUT', async () => {
    const { enc, ciphertext } = await sealWith(deps, { ...sealOpts, senderPrivateKey: s.privateKey });
    const ok: HpkeOpenArgs = { recipientPrivateKey: r.privateKey, enc, ciphertext, senderPublicKey: s.publicKey };
    expect(toHexT(await openWith(deps, ok))).toBe(toHexT(enc8('m')));
    const failing: [string, HpkeOpenArgs][] = [
      ['short enc', { ...ok, enc: enc.subarray(1) }],
      ['long enc', { ...ok, enc: new Uint8Array([...enc, 0]) }],
      ['low-order enc', { ...ok, enc: new Uint8Array(32) }],
      ['low-order sender key', { ...ok, senderPublicKey: new Uint8Array(32) }],
      ['empty ciphertext', { ...ok, ciphertext: new Uint8Array(0) }],
      ['truncated ciphertext', { ...ok, ciphertext: ciphertext.subarray(0, 15) }],
      ['tag only', { ...ok, ciphertext: ciphertext.subarray(1) }],
      ['psk mode not used by sender', { ...ok, psk: new Uint8Array(32), pskId: enc8('id') }],
    ];
    for (const [what, o] of failing) expect(await errorCode(openWith(deps, o)), what).toBe('DECRYPT_FAILED');
    const invalid: [string, unknown][] = [
      ['private key short', { ...ok, recipientPrivateKey: new Uint8Array(31) }],
      ['sender public key short', { ...ok, senderPublicKey: new Uint8Array(8) }],
      ['enc not bytes', { ...ok, enc: 'enc' }],
      ['ciphertext not bytes', { ...ok, ciphertext: null }],
      ['options undefined', undefined],
    ];
    for (const [what, o] of invalid) expect(await errorCode(openWith(deps, o as HpkeOpenArgs)), what).toBe('INVALID_INPUT');
  });

  it('contexts seal many messages in order; a failed open does not move the sequence number', async () => {
    const { enc, context } = await setupSenderWith(deps, { recipientPublicKey: r.publicKey, info: enc8('ctx') });
    const msgs = ['zero', 'one', 'two', 'three'].map(enc8);
    const cts = await Promise.all(msgs.map((m) => context.seal(m)));
    // Same plaintext under successive sequence numbers gives different ciphertexts.
    const again = await context.seal(msgs[0]!);
    expect(toHexT(again)).not.toBe(toHexT(cts[0]!));
    const rc = await setupRecipientWith(deps, { recipientPrivateKey: r.privateKey, enc, info: enc8('ctx') });
    expect(await errorCode(rc.open(cts[1]!))).toBe('DECRYPT_FAILED'); // out of order
    // Concurrent opens are queued in call order.
    const opened = await Promise.all(cts.map((c) => rc.open(c)));
    expect(opened.map((p) => new TextDecoder().decode(p))).toEqual(['zero', 'one', 'two', 'three']);
    expect(toHexT(await rc.open(again))).toBe(toHexT(msgs[0]!));
    expect(await errorCode(rc.open(cts[0]!))).toBe('DECRYPT_FAILED'); // replay
  });

  it('export gives the same secret on both sides, bounded length, distinct per context label', async () => {
    const { enc, context } = await setupSenderWith(deps, { recipientPublicKey: r.publicKey, senderPrivateKey: s.privateKey });
    const rc = await setupRecipientWith(deps, { recipientPrivateKey: r.privateKey, enc, senderPublicKey: s.publicKey });
    const a = await context.exportSecret(enc8('a'), 32);
    expect(toHexT(await rc.exportSecret(enc8('a'), 32))).toBe(toHexT(a));
    expect(toHexT(await context.exportSecret(enc8('b'), 32))).not.toBe(toHexT(a));
    expect(await context.exportSecret(enc8('a'), EXPORT_MAX_LENGTH)).toHaveLength(EXPORT_MAX_LENGTH);
    // LabeledExpand binds L, so a longer export is not an extension of a shorter one.
    expect(toHexT((await context.exportSecret(enc8('a'), 64)).subarray(0, 32))).not.toBe(toHexT(a));
    expect(await errorCode(context.exportSecret(enc8('a'), 0))).toBe('INVALID_INPUT');
    expect(await errorCode(context.exportSecret(enc8('a'), EXPORT_MAX_LENGTH + 1))).toBe('INVALID_INPUT');
    expect(await errorCode(context.exportSecret('a' as unknown as Uint8Array, 32))).toBe('INVALID_INPUT');
  });

  it('disposed contexts refuse to work (KEY_LOCKED)', async () => {
    const { enc, context } = await setupSenderWith(deps, { recipientPublicKey: r.publicKey });
    const ct = await context.seal(enc8('x'));
    const rc = await setupRecipientWith(deps, { recipientPrivateKey: r.privateKey, enc });
    context.dispose();
    rc.dispose();
    expect(await errorCode(context.seal(enc8('y')))).toBe('KEY_LOCKED');
    expect(await errorCode(context.exportSecret(enc8('e'), 32))).toBe('KEY_LOCKED');
    expect(await errorCode(rc.open(ct))).toBe('KEY_LOCKED');
  });

  it('does not keep or change the caller\'s arrays', async () => {
    const plaintext = enc8('keep me');
    const skS = s.privateKey.slice();
    const { enc, ciphertext } = await sealWith(deps, { ...sealOpts, plaintext, senderPrivateKey: skS });
    expect(toHexT(skS)).toBe(toHexT(s.privateKey));
    expect(new TextDecoder().decode(plaintext)).toBe('keep me');
    const skR = r.privateKey.slice();
    await openWith(deps, { recipientPrivateKey: skR, enc, ciphertext, senderPublicKey: s.publicKey });
    expect(toHexT(skR)).toBe(toHexT(r.privateKey));
  });
});

describe('ComputeNonce', () => {
  it('is base_nonce XOR I2OSP(seq, 12) up to 2^53 - 1', () => {
    const base = hex(rfc9180.vectors[0]!.base_nonce);
    for (const seq of [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER]) {
      const want = (BigInt('0x' + toHexT(base)) ^ BigInt(seq)).toString(16).padStart(24, '0');
      expect(toHexT(computeNonce(base, seq)), `seq ${seq}`).toBe(want);
    }
  });

  it('a context refuses its message at the limit instead of wrapping (issue 19: context.ts seq >= SEQ_LIMIT)', () => {
    const base = hex(rfc9180.vectors[0]!.base_nonce);
    expect(toHexT(messageNonce(base, SEQ_LIMIT - 1))).toBe(toHexT(computeNonce(base, SEQ_LIMIT - 1)));
    expect(toHexT(messageNonce(base, 0))).toBe(toHexT(base));
    for (const seq of [SEQ_LIMIT, SEQ_LIMIT + 1, 2 ** 60]) {
      expect(syncOutcome(() => messageNonce(base, seq)), `seq ${seq}`).toBe('UNSUPPORTED: zkvault: HPKE context message limit reached');
    }
  });
});

describe.each(BACKENDS)('LabeledExpand, $name backend', (deps) => {
  it('matches RFC 5869 Expand (@noble/hashes) over the labeled info, one block and many', () => {
    const suiteId = hpkeSuiteId('AES-256-GCM');
    const prk = deps.random.randomBytes(32);
    const info = enc8('exporter context');
    for (const length of [1, 12, 32, 33, 64, 100, EXPORT_MAX_LENGTH]) {
      const labeledInfo = new Uint8Array([length >> 8, length & 0xff, ...enc8('HPKE-v1'), ...suiteId, ...enc8('sec'), ...info]);
      const want = nobleExpand(sha256, prk, labeledInfo, length);
      expect(toHexT(labeledExpand(deps.hash, suiteId, prk, enc8('sec'), info, length)), `L=${length}`).toBe(toHexT(want));
    }
  });
});
