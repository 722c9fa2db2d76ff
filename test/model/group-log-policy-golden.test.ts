// Golden vectors vectors/zkvault-group-log-policy-v1.json (issue 18, the PQ link policy in the group
// log): (1) the generator reproduces the file exactly; (2) independent code (Buffer encoding written
// from docs/formats.md, node:crypto SHA-256 and Ed25519) rebuilds every body (the genesis policy
// flags byte and set-policy, op 7, included), signature check and hash; (3) the library verifies the
// log on both backends to the recorded policy of the log and of each key version, and refuses every
// invalid case with its code.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGroupLogPolicyVectors } from '../../scripts/generate-group-log-policy-vectors.js';
import { setBackends } from '../../src/backend/backend-deps.js';
import { stateData } from '../../src/model/grouplog/state.js';
import { verifyGroupLog } from '../../src/model/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { syncErrorCode } from '../helpers/errors.js';
import { ctx, independentBody } from '../helpers/group-log-encoding.js';
import { hex, loadVectors, reportCounts } from '../helpers/vectors.js';

const V = loadVectors('zkvault-group-log-policy-v1.json');
afterAll(() => setBackends(undefined));

describe('zkvault-group-log-policy-v1 golden vectors', () => {
  it('the generator reproduces the file', () => {
    setBackends(undefined);
    expect(JSON.parse(JSON.stringify(generateGroupLogPolicyVectors()))).toEqual(V);
    reportCounts('zkvault-group-log-policy-v1', { entries: V.entries.length, invalid: V.invalid.length });
  });

  it('independent code: bodies (genesis flags byte, set-policy), Ed25519 signatures (node:crypto), hashes, chain', () => {
    const signKey = new Map<string, string>(V.authors.map((a: any) => [a.accountId, a.signPublicKey]));
    const ops = V.entries.map((e: any) => e.operation.op);
    expect(ops.filter((o: string) => o === 'set-policy')).toHaveLength(2);
    expect(V.entries[0].body.slice(-2)).toBe('01'); // the genesis ends with its policy flags
    let prev = '00'.repeat(32);
    for (const e of V.entries) {
      const body = independentBody(V.tenantId, V.groupId, e);
      expect(body.toString('hex')).toBe(e.body);
      expect(e.entry).toBe(e.body + e.signature);
      expect(e.prevHash).toBe(prev);
      const pub = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(signKey.get(e.authorId)!, 'hex')]), format: 'der', type: 'spki' });
      expect(verify(null, Buffer.concat([ctx('zkvault/v1/group-log/sign'), body]), pub, Buffer.from(e.signature, 'hex'))).toBe(true);
      prev = createHash('sha256').update(ctx('zkvault/v1/group-log/hash')).update(Buffer.from(e.entry, 'hex')).digest('hex');
      expect(e.hash).toBe(prev);
    }
    expect(Buffer.from(V.final.checkpoint.headHash, 'base64url').toString('hex')).toBe(prev);
  });

  it.each(BACKENDS)('the library verifies the policy of the log and of each version, and refuses every invalid case ($name backend)', (b) => {
    setBackends({ hash: b.hash, ed25519: b.ed25519 });
    const list = V.entries.map((e: any) => hex(e.entry));
    for (let n = 1; n <= list.length; n++) expect(verifyGroupLog(list.slice(0, n)).state.requirePq, `after entry ${n - 1}`).toBe(V.entries[n - 1].requirePq);
    const { state, checkpoint } = verifyGroupLog(list);
    expect(checkpoint).toEqual(V.final.checkpoint);
    expect(state.fingerprint).toBe(V.final.fingerprint);
    expect([state.keyVersion, state.requirePq]).toEqual([V.final.keyVersion, V.final.requirePq]);
    const versions = stateData(state).versions;
    expect(state.keyVersions().map((v) => ({ keyVersion: v, requirePq: versions.get(v)!.requirePq }))).toEqual(V.final.versionPolicy);
    for (const c of V.invalid) expect(syncErrorCode(() => verifyGroupLog(c.entries.map(hex))), c.description).toBe(c.code);
  });
});
