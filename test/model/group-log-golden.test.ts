// Golden vectors vectors/zkvault-group-log-v1.json: (1) the generator reproduces the file exactly;
// (2) independent code (Buffer encoding written from docs/formats.md, node:crypto SHA-256, HMAC and
// Ed25519) rebuilds every body, hash, signature check and commitment; (3) the library verifies the
// log on both backends and refuses every invalid case with its code.
import { createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGroupLogVectors } from '../../scripts/generate-group-log-vectors.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import { verifyGroupLog } from '../../src/model/index.js';
import { ZkvaultError } from '../../src/errors.js';
import { BACKENDS } from '../helpers/backends.js';
import { ctx, independentBody as independentBody_ } from '../helpers/group-log-encoding.js';
import { hex, loadVectors, reportCounts } from '../helpers/vectors.js';

const V = loadVectors('zkvault-group-log-v1.json');
afterAll(() => setBackends(undefined));

const independentBody = (e: any): Buffer => independentBody_(V.tenantId, V.groupId, e);

describe('zkvault-group-log-v1 golden vectors', () => {
  it('the generator reproduces the file', () => {
    setBackends(undefined);
    expect(JSON.parse(JSON.stringify(generateGroupLogVectors()))).toEqual(V);
    reportCounts('zkvault-group-log-v1', { entries: V.entries.length, invalid: V.invalid.length });
  });

  it('independent code: labels, bodies, Ed25519 signatures (node:crypto), hashes, chain, commitments', () => {
    expect(V.signLabel).toBe(ctx('zkvault/v1/group-log/sign').toString('hex'));
    expect(V.hashLabel).toBe(ctx('zkvault/v1/group-log/hash').toString('hex'));
    for (const k of V.groupKeys) {
      const mac = createHmac('sha256', Buffer.from(k.key, 'hex')).update(ctx('zkvault/v1/group-key-commit', V.tenantId, V.groupId, k.keyVersion)).digest('hex');
      expect(mac).toBe(k.commitment);
    }
    const signKey = new Map<string, string>(V.authors.map((a: any) => [a.accountId, a.signPublicKey]));
    let prev = '00'.repeat(32);
    for (const e of V.entries) {
      const body = independentBody(e);
      expect(body.toString('hex')).toBe(e.body);
      expect(e.entry).toBe(e.body + e.signature);
      expect(e.prevHash).toBe(prev);
      const pub = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(signKey.get(e.authorId)!, 'hex')]), format: 'der', type: 'spki' });
      expect(verify(null, Buffer.concat([Buffer.from(V.signLabel, 'hex'), body]), pub, Buffer.from(e.signature, 'hex'))).toBe(true);
      prev = createHash('sha256').update(Buffer.from(V.hashLabel, 'hex')).update(Buffer.from(e.entry, 'hex')).digest('hex');
      expect(e.hash).toBe(prev);
    }
    expect(Buffer.from(V.final.checkpoint.headHash, 'base64url').toString('hex')).toBe(prev);
  });

  it.each(BACKENDS)('the library verifies the log and refuses every invalid case ($name backend)', (b) => {
    setBackends({ hash: b.hash, ed25519: b.ed25519 });
    const { state, checkpoint } = verifyGroupLog(V.entries.map((e: any) => hex(e.entry)));
    expect(checkpoint).toEqual(V.final.checkpoint);
    expect(state.fingerprint).toBe(V.final.fingerprint);
    expect(state.keyVersions()).toEqual(V.final.keyVersions);
    expect(state.members().map((m) => ({ accountId: m.accountId, role: m.role, publicKey: Buffer.from(m.publicKey).toString('hex'), signPublicKey: Buffer.from(m.signPublicKey).toString('hex') }))).toEqual(V.final.members);
    for (const c of V.invalid) {
      let code = 'none';
      try {
        verifyGroupLog(c.entries.map(hex), c.checkpoint);
      } catch (e) {
        expect(e).toBeInstanceOf(ZkvaultError);
        code = (e as ZkvaultError).code;
      }
      expect(code, c.description).toBe(c.code);
    }
  });
});
