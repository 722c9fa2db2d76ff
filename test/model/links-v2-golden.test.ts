// Golden links v2 (vectors/zkvault-links-v2.json): (1) the generator reproduces the file; (2) each
// link opens with independent code following docs/formats.md, "Links v2": @noble/post-quantum's
// X-Wing decapsulation, the RFC 9180 key schedule written here with node:crypto HMAC, node:crypto
// AES-256-GCM and Ed25519; (3) the library's own parser and X-Wing HPKE agree.
import { createDecipheriv, createHmac, createPublicKey, verify } from 'node:crypto';
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { describe, expect, it } from 'vitest';
import { generateLinksV2Vectors } from '../../scripts/generate-links-v2-vectors.js';
import { aead } from '../../src/backend/node/aead.js';
import { hash } from '../../src/backend/node/hash.js';
import { random } from '../../src/backend/node/random.js';
import { xwing } from '../../src/backend/node/xwing.js';
import { openXWingWith } from '../../src/hpke/xwing.js';
import { parseLinkRecordV2 } from '../../src/model/index.js';
import { hex, loadVectors, reportCounts, toHexT } from '../helpers/vectors.js';

const V = loadVectors('zkvault-links-v2.json');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

/** ctx(): u32be(len) ‖ bytes per field; numbers as u32be (docs/formats.md, "Contexts"). */
function ctx(...fields: (string | number | Uint8Array)[]): Buffer {
  return Buffer.concat(
    fields.map((f) => {
      const body = typeof f === 'number' ? Buffer.from([f >>> 24, (f >>> 16) & 255, (f >>> 8) & 255, f & 255]) : Buffer.from(f as string);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length);
      return Buffer.concat([len, body]);
    }),
  );
}

const hmac = (key: Buffer, ...data: Buffer[]) => createHmac('sha256', key).update(Buffer.concat(data)).digest();
const SUITE = Buffer.concat([Buffer.from('HPKE'), Buffer.from([0x64, 0x7a, 0x00, 0x01, 0x00, 0x02])]);
const extract = (salt: Buffer, label: string, ikm: Buffer) => hmac(salt, Buffer.from('HPKE-v1'), SUITE, Buffer.from(label), ikm);
function expand(prk: Buffer, label: string, info: Buffer, L: number): Buffer {
  const full = Buffer.concat([Buffer.from([L >> 8, L & 255]), Buffer.from('HPKE-v1'), SUITE, Buffer.from(label), info]);
  let t = Buffer.alloc(0);
  let out = Buffer.alloc(0);
  for (let i = 1; out.length < L; i++) {
    t = hmac(prk, t, full, Buffer.from([i]));
    out = Buffer.concat([out, t]);
  }
  return out.subarray(0, L);
}

describe('zkvault-links-v2 golden vectors', () => {
  it('the generator reproduces the file byte for byte', async () => {
    expect(JSON.parse(JSON.stringify(await generateLinksV2Vectors()))).toEqual(V);
  });

  it('every link opens and verifies with independent code', () => {
    for (const v of V.vectors) {
      const l = v.link;
      // Signature: Ed25519 over ctx("zkvault/v2/link-signature", …, b64(PUB_XWing), SYM_Link).
      const signed = ctx('zkvault/v2/link-signature', l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId, Buffer.from(hex(v.recipientXWingPublicKey)).toString('base64url'), l.SYM_Link);
      expect(signed.toString('hex')).toBe(v.signedBytes);
      const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), hex(v.senderSignPublicKey)]);
      expect(verify(null, signed, createPublicKey({ key: spki, format: 'der', type: 'spki' }), b64(l.SIG_Link))).toBe(true);
      // X-Wing decapsulation, then RFC 9180 base mode with suite_id HPKE ‖ 0x647a ‖ 0x0001 ‖ 0x0002.
      const sym = b64(l.SYM_Link);
      expect(sym).toHaveLength(1168);
      const ss = Buffer.from(ml_kem768_x25519.decapsulate(sym.subarray(0, 1120), hex(v.inputs.recipientXWingSeed)));
      const info = ctx('zkvault/v2/link', l.tenantId, l.resourceGroupId, l.keyVersion, l.senderId, l.recipientId);
      expect(info.toString('hex')).toBe(v.info);
      const ksc = Buffer.concat([Buffer.from([0]), extract(Buffer.alloc(0), 'psk_id_hash', Buffer.alloc(0)), extract(Buffer.alloc(0), 'info_hash', info)]);
      const secret = extract(ss, 'secret', Buffer.alloc(0));
      const key = expand(secret, 'key', ksc, 32);
      const nonce = expand(secret, 'base_nonce', ksc, 12);
      const d = createDecipheriv('aes-256-gcm', key, nonce);
      d.setAuthTag(sym.subarray(1168 - 16));
      const pt = Buffer.concat([d.update(sym.subarray(1120, 1168 - 16)), d.final()]);
      expect(pt.toString('hex')).toBe(v.inputs.groupKey);
    }
    reportCounts('zkvault-links-v2', { vectors: V.vectors.length });
  });

  it('the library parses every link and its X-Wing HPKE opens it', async () => {
    for (const v of V.vectors) {
      const l = parseLinkRecordV2(v.link);
      const sym = b64(l.SYM_Link);
      const pt = await openXWingWith({ xwing, hash, aead, random }, { recipientPrivateKey: hex(v.inputs.recipientXWingSeed), enc: sym.subarray(0, 1120), ciphertext: sym.subarray(1120), info: hex(v.info) });
      expect(toHexT(pt)).toBe(v.inputs.groupKey);
    }
  });
});
