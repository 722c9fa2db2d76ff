// Malicious server and malicious member vs. the Insomnia compat layer (vectors/insomnia-vcs.json, the
// app's 10.x formats). Every attack names who does what. Expected outcome: a typed ZkvaultError, never
// wrong plaintext and never unbounded memory.
// - A member (holds the project key): uploads a decompression bomb, or authentic non-JSON content.
// - The server: moves blob content between ids or projects, serves another member's key wrap, forges
//   an empty-tag blob (which the app itself accepts), swaps the public key in the hand-off's whoami.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openInsomniaResourceGroupWith, unlockInsomniaAccountWith } from '../../src/compat/insomnia/account.js';
import { absorbInsomniaKeyWith } from '../../src/compat/insomnia/handoff.js';
import { migrateInsomniaAccountWith } from '../../src/compat/insomnia/migrate.js';
import { decryptInsomniaBlobWith, INSOMNIA_MAX_BLOB_BYTES } from '../../src/compat/insomnia/vcs.js';
import { alice, bob, FAST_KDF, fx, projectsFor, type Blob } from '../compat/insomnia-vcs-fixture.js';
import { errorCode } from '../helpers/errors.js';
import { BACKENDS } from '../helpers/backends.js';

function flip(content: string, member: 'iv' | 't' | 'd', byte: number): string {
  const m = JSON.parse(content) as Record<string, string>;
  const b = Buffer.from(m[member]!, 'hex');
  b[byte % b.length]! ^= 0x01;
  return JSON.stringify({ ...m, [member]: b.toString('hex') });
}

/** A blob as a member holding the key can make it (the app's formula, any bytes inside the gzip). */
function memberBlob(key: Uint8Array, gz: Buffer, idOf: Buffer): Blob {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const d = Buffer.concat([c.update(gz), c.final()]);
  const content = JSON.stringify({ iv: iv.toString('hex'), t: c.getAuthTag().toString('hex'), d: d.toString('hex'), ad: '' }, null, 2);
  return { id: createHash('sha1').update(idOf).digest('hex'), content };
}

describe.each(BACKENDS)('Insomnia sync data under attack [$name backend]', (deps) => {
  it('server flips any bit of iv, tag or ciphertext (DECRYPT_FAILED), moves a blob to another id (VERIFY_FAILED) or project (DECRYPT_FAILED)', async () => {
    const account = await unlockInsomniaAccountWith(deps, alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[0]!;
    const key = await openInsomniaResourceGroupWith(deps, account, p);
    const [b0, b1] = p.blobs as [Blob, Blob];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('iv' as const, 't' as const, 'd' as const), fc.nat(), async (member, byte) => {
        expect(await errorCode(decryptInsomniaBlobWith(deps, { id: b0.id, content: flip(b0.content, member, byte) }, key))).toBe('DECRYPT_FAILED');
      }),
      { numRuns: 30 },
    );
    // The server answers a request for blob b0 with blob b1's (authentic) content.
    expect(await errorCode(decryptInsomniaBlobWith(deps, { id: b0.id, content: b1.content }, key))).toBe('VERIFY_FAILED');
    // The wrong project's key.
    const other = await openInsomniaResourceGroupWith(deps, account, projectsFor(alice.accountId)[1]!);
    expect(await errorCode(decryptInsomniaBlobWith(deps, b0, other))).toBe('DECRYPT_FAILED');
    // Malformed records and options.
    expect(await errorCode(decryptInsomniaBlobWith(deps, { id: 'x', content: b0.content }, key))).toBe('INVALID_RECORD');
    expect(await errorCode(decryptInsomniaBlobWith(deps, { id: b0.id, content: '{' }, key))).toBe('INVALID_RECORD');
    expect(await errorCode(decryptInsomniaBlobWith(deps, null as never, key))).toBe('INVALID_RECORD');
    expect(await errorCode(decryptInsomniaBlobWith(deps, b0, key, { maxBytes: -1 }))).toBe('INVALID_INPUT');
    expect(await errorCode(decryptInsomniaBlobWith(deps, b0, key, [] as never))).toBe('INVALID_INPUT');
  });

  it('member uploads a decompression bomb (40 MiB from 40 KiB): TOO_LARGE under the 32 MiB default and under any smaller limit', async () => {
    const account = await unlockInsomniaAccountWith(deps, alice.payload as never, alice.passphraseTyped);
    const scratch = projectsFor(alice.accountId).find((p) => p.id === fx.bomb.projectId)!;
    const key = await openInsomniaResourceGroupWith(deps, account, scratch);
    expect(fx.bomb.decompressedBytes).toBeGreaterThan(INSOMNIA_MAX_BLOB_BYTES);
    expect(await errorCode(decryptInsomniaBlobWith(deps, fx.bomb.blob, key))).toBe('TOO_LARGE');
    expect(await errorCode(decryptInsomniaBlobWith(deps, fx.bomb.blob, key, { maxBytes: 1024 }))).toBe('TOO_LARGE');
    // A blob just over the limit: the limit is exact.
    const doc = fx.projects[0]!.documents[3]!;
    const blob = fx.projects[0]!.blobs.find((b) => b.id === doc.blobId)!;
    const team = await openInsomniaResourceGroupWith(deps, account, projectsFor(alice.accountId)[0]!);
    const size = Buffer.byteLength(doc.text);
    expect((await decryptInsomniaBlobWith(deps, blob, team, { maxBytes: size })).length).toBe(size);
    expect(await errorCode(decryptInsomniaBlobWith(deps, blob, team, { maxBytes: size - 1 }))).toBe('TOO_LARGE');
  });

  it('member bomb in a migration: the migration fails as a whole with TOO_LARGE naming the blob, nothing created', async () => {
    const e = await migrateInsomniaAccountWith(deps, {
      account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', projects: projectsFor(alice.accountId), dryRun: true,
    }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeUndefined(); // without the bomb the dry run passes
    const withBomb = projectsFor(alice.accountId).map((p) => (p.id === fx.bomb.projectId ? { ...p, blobs: [...p.blobs, fx.bomb.blob] } : p));
    const failed = migrateInsomniaAccountWith(deps, { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', projects: withBomb, kdf: FAST_KDF });
    expect(await errorCode(failed)).toBe('TOO_LARGE');
    expect(((await failed.catch((x: unknown) => x)) as Error).message).toContain(fx.bomb.blob.id);
  });

  it('server forges a blob with an empty tag (the app accepts it: its tag length comes from t) → DECRYPT_FAILED', async () => {
    const account = await unlockInsomniaAccountWith(deps, alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[0]!;
    const key = await openInsomniaResourceGroupWith(deps, account, p);
    const m = JSON.parse(p.blobs[0]!.content) as Record<string, string>;
    expect(await errorCode(decryptInsomniaBlobWith(deps, { id: p.blobs[0]!.id, content: JSON.stringify({ ...m, t: '' }) }, key))).toBe('DECRYPT_FAILED');
    expect(await errorCode(decryptInsomniaBlobWith(deps, { id: p.blobs[0]!.id, content: JSON.stringify({ ...m, t: m['t']!.slice(0, 24) }) }, key))).toBe('DECRYPT_FAILED');
  });

  it("server serves another member's project-key wrap, or a wrap for another project, to alice's migration", async () => {
    const base = { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', dryRun: true as const };
    const [p0, p1] = projectsFor(alice.accountId) as [ReturnType<typeof projectsFor>[0], ReturnType<typeof projectsFor>[0]];
    const bobsWrap = fx.projects[0]!.teamKeys.find((k) => k.accountId === bob.accountId)!.encSymmetricKey;
    expect(await errorCode(migrateInsomniaAccountWith(deps, { ...base, projects: [{ ...p0, encSymmetricKey: bobsWrap }] }))).toBe('DECRYPT_FAILED');
    // Project 1's key served for project 0: its blobs no longer authenticate.
    expect(await errorCode(migrateInsomniaAccountWith(deps, { ...base, projects: [{ ...p0, encSymmetricKey: p1.encSymmetricKey }] }))).toBe('DECRYPT_FAILED');
  });

  it('member uploads authentic, correctly addressed content that is not gzip, or gzip of non-JSON: INVALID_RECORD', async () => {
    const account = await unlockInsomniaAccountWith(deps, alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[1]!;
    const key = await openInsomniaResourceGroupWith(deps, account, p);
    const raw = Buffer.from('{"_id":"req_x","type":"Request"}');
    expect(await errorCode(decryptInsomniaBlobWith(deps, memberBlob(key, raw, raw), key))).toBe('INVALID_RECORD');
    const notJson = Buffer.from('not json at all');
    const blob = memberBlob(key, gzipSync(notJson), notJson);
    expect(new TextDecoder().decode(await decryptInsomniaBlobWith(deps, blob, key))).toBe('not json at all'); // the reader returns bytes
    const base = { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', dryRun: true as const };
    expect(await errorCode(migrateInsomniaAccountWith(deps, { ...base, projects: [{ ...p, blobs: [blob] }] }))).toBe('INVALID_RECORD');
  });

  it("server swaps the public key in the hand-off's whoami (VERIFY_FAILED) or serves another account's whoami (DECRYPT_FAILED)", async () => {
    const w = (a: typeof alice) => ({ accountId: a.accountId, email: a.payload.email, encSymmetricKey: a.payload['encSymmetricKey']!, encPrivateKey: a.payload['encPrivateKey']!, publicKey: a.payload.publicKey });
    expect(await errorCode(absorbInsomniaKeyWith(deps, { ...w(alice), publicKey: bob.payload.publicKey }, alice.handoff))).toBe('VERIFY_FAILED');
    expect(await errorCode(absorbInsomniaKeyWith(deps, w(bob), alice.handoff))).toBe('DECRYPT_FAILED');
    // Mixed rows: alice's SYM_Account message with bob's private-key message.
    expect(await errorCode(absorbInsomniaKeyWith(deps, { ...w(alice), encPrivateKey: bob.payload['encPrivateKey']! }, alice.handoff))).toBe('DECRYPT_FAILED');
  });
});
