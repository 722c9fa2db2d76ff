// RFC 9180 test vectors (vectors/rfc9180-hpke.json): every entry for DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, AES-128-GCM and AES-256-GCM, modes 0-3, all 257 encryptions and 3 exports each,
// on both backends. Checks DeriveKeyPair, Encap/Decap, the key schedule, every Seal and Open in
// sequence order, and every Export on both sides.
import { afterAll, describe, expect, it } from 'vitest';
import { HPKE_AEADS, keySchedule, type HpkeAead, type HpkeMode } from '../../src/hpke/context.js';
import { decap, deriveKeyPairWith, encap } from '../../src/hpke/dhkem.js';
import { setupRecipientWith, setupSenderWith, type HpkeCommonOptions } from '../../src/hpke/hpke.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';
import { BACKENDS } from '../helpers/backends.js';

interface Vector {
  mode: number;
  kem_id: number;
  kdf_id: number;
  aead_id: number;
  info: string;
  ikmR: string;
  ikmS?: string;
  ikmE: string;
  skRm: string;
  skSm?: string;
  skEm: string;
  pkRm: string;
  pkSm?: string;
  pkEm: string;
  psk?: string;
  psk_id?: string;
  enc: string;
  shared_secret: string;
  key_schedule_context: string;
  secret: string;
  key: string;
  base_nonce: string;
  exporter_secret: string;
  encryptions: { aad: string; ct: string; nonce: string; pt: string }[];
  exports: { exporter_context: string; L: number; exported_value: string }[];
}

const file = loadVectors<{ vectors: Vector[] }>('rfc9180-hpke.json');
const MODES: readonly HpkeMode[] = ['base', 'psk', 'auth', 'auth_psk'];
const AEAD_BY_ID: Record<number, HpkeAead> = { 1: 'AES-128-GCM', 2: 'AES-256-GCM' };

describe.each(BACKENDS)('RFC 9180 vectors, $name backend', ({ name, ...deps }) => {
  const counts = { entries: 0, encryptions: 0, opens: 0, exports: 0 };
  afterAll(() => reportCounts(`rfc9180-hpke.json (${name})`, counts));

  it('covers exactly the suites it claims', () => {
    expect(file.vectors).toHaveLength(8);
    for (const v of file.vectors) {
      expect([v.kem_id, v.kdf_id]).toEqual([32, 1]);
      expect(HPKE_AEADS).toContain(AEAD_BY_ID[v.aead_id]);
    }
  });

  it.each(file.vectors.map((v) => [`aead ${v.aead_id} mode ${v.mode}`, v] as const))('%s', async (_, v) => {
    const aead = AEAD_BY_ID[v.aead_id]!;
    const mode = MODES[v.mode]!;
    // DeriveKeyPair gives the vector's keys (RFC 9180 section 7.1.3).
    const eph = deriveKeyPairWith(deps, hex(v.ikmE));
    const rcp = deriveKeyPairWith(deps, hex(v.ikmR));
    expect(toHexT(eph.privateKey)).toBe(v.skEm);
    expect(toHexT(eph.publicKey)).toBe(v.pkEm);
    expect(toHexT(rcp.privateKey)).toBe(v.skRm);
    expect(toHexT(rcp.publicKey)).toBe(v.pkRm);
    let snd: { privateKey: Uint8Array; publicKey: Uint8Array } | undefined;
    if (v.ikmS !== undefined) {
      snd = deriveKeyPairWith(deps, hex(v.ikmS));
      expect(toHexT(snd.privateKey)).toBe(v.skSm);
      expect(toHexT(snd.publicKey)).toBe(v.pkSm);
    }

    // Encap / AuthEncap and Decap / AuthDecap.
    const kem = encap(deps, rcp.publicKey, snd?.privateKey, eph);
    expect(toHexT(kem.enc)).toBe(v.enc);
    expect(toHexT(kem.sharedSecret)).toBe(v.shared_secret);
    expect(toHexT(decap(deps, hex(v.enc), rcp.privateKey, snd?.publicKey))).toBe(v.shared_secret);

    // Key schedule values.
    const psk = v.psk === undefined ? new Uint8Array(0) : hex(v.psk);
    const pskId = v.psk_id === undefined ? new Uint8Array(0) : hex(v.psk_id);
    const ks = keySchedule(deps.hash, aead, mode, hex(v.shared_secret), hex(v.info), psk, pskId);
    expect(toHexT(ks.keyScheduleContext)).toBe(v.key_schedule_context);
    expect(toHexT(ks.secret)).toBe(v.secret);
    expect(toHexT(ks.key)).toBe(v.key);
    expect(toHexT(ks.baseNonce)).toBe(v.base_nonce);
    expect(toHexT(ks.exporterSecret)).toBe(v.exporter_secret);

    // The public setup path, with the vector's ephemeral key through the internal seam.
    const common: HpkeCommonOptions = { info: hex(v.info), aead };
    if (v.psk !== undefined) {
      common.psk = hex(v.psk);
      common.pskId = hex(v.psk_id!);
    }
    const { enc, context: sender } = await setupSenderWith(
      deps,
      { ...common, recipientPublicKey: rcp.publicKey, senderPrivateKey: snd?.privateKey },
      eph,
    );
    expect(sender.mode).toBe(mode);
    expect(toHexT(enc)).toBe(v.enc);
    const recipient = await setupRecipientWith(deps, {
      ...common,
      recipientPrivateKey: rcp.privateKey,
      enc,
      senderPublicKey: snd?.publicKey,
    });
    expect(recipient.mode).toBe(mode);

    // The vectors list encryptions in sequence order 0..256 (nonce = base_nonce XOR seq).
    for (const e of v.encryptions) {
      const ct = await sender.seal(hex(e.pt), { aad: hex(e.aad) });
      expect(toHexT(ct)).toBe(e.ct);
      counts.encryptions++;
      expect(toHexT(await recipient.open(hex(e.ct), { aad: hex(e.aad) }))).toBe(e.pt);
      counts.opens++;
    }
    for (const x of v.exports) {
      expect(toHexT(await sender.exportSecret(hex(x.exporter_context), x.L))).toBe(x.exported_value);
      expect(toHexT(await recipient.exportSecret(hex(x.exporter_context), x.L))).toBe(x.exported_value);
      counts.exports++;
    }
    counts.entries++;
  });
});
