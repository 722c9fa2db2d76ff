// The app's current (10.x VCS) sync data from vectors/insomnia-vcs.json (made by the app's formulas,
// checked with node-forge and srp-js 0.2.1): project keys RSA-wrapped to each member, gzip'd +
// encryptAESBuffer'd blobs, read on both backends; node-forge opens the same messages; then the
// end-to-end migration: dry run, migration, zkvault login with the passphrase as typed, and every
// resource decrypted. Tamper, swap and bomb cases fail with their codes.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { inflate as nodeInflate } from '../../src/backend/node/inflate.js';
import { inflate as webInflate } from '../../src/backend/web/inflate.js';
import { rsa as nodeRsa } from '../../src/backend/node/rsa.js';
import { rsa as webRsa } from '../../src/backend/web/rsa.js';
import { openInsomniaResourceGroupWith, unlockInsomniaAccountWith, type InsomniaDeps } from '../../src/compat/insomnia/account.js';
import { decryptInsomniaBytesWith } from '../../src/compat/insomnia/aes.js';
import { migrateInsomniaAccountWith } from '../../src/compat/insomnia/migrate.js';
import { decryptInsomniaBlobWith, type InsomniaBlobDeps } from '../../src/compat/insomnia/vcs.js';
import { decryptInsomniaBlob, INSOMNIA_MAX_BLOB_BYTES, migrateInsomniaAccount } from '../../src/compat/insomnia/index.js';
import { decryptResource, loginParams, openLink, parseAccountRecord, startLogin, startLoginServer, unlockAccount } from '../../src/model/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { errorCode } from '../helpers/errors.js';
import { loadVectors, reportCounts } from '../helpers/vectors.js';

interface Blob {
  id: string;
  content: string;
}
interface VcsFixture {
  accounts: {
    accountId: string;
    passphraseTyped: string;
    payload: { email: string; publicKey: string; [k: string]: string };
    handoff: { sessionId: string; key: string };
    privateKeyJwk: Record<string, string>;
  }[];
  projects: {
    id: string;
    name: string;
    rootDocumentId: string;
    teamKeys: { accountId: string; encSymmetricKey: string }[];
    blobs: Blob[];
    documents: { blobId: string; text: string }[];
  }[];
  bomb: { projectId: string; decompressedBytes: number; blob: Blob };
}

const fx = loadVectors<VcsFixture>('insomnia-vcs.json');
const [alice, bob] = fx.accounts as [VcsFixture['accounts'][0], VcsFixture['accounts'][0]];
const FAST_KDF = { iterations: 1000 };

/** The projects as the server returns them to one member: its own wrap of each key, and the blobs. */
function projectsFor(accountId: string, extra: Blob[] = []) {
  return fx.projects.map((p, i) => ({
    id: p.id,
    name: p.name,
    rootDocumentId: p.rootDocumentId,
    encSymmetricKey: p.teamKeys.find((k) => k.accountId === accountId)!.encSymmetricKey,
    blobs: i === 0 ? [...p.blobs, ...extra] : p.blobs,
  }));
}
const allDocs = fx.projects.flatMap((p) => p.documents);

type Deps = InsomniaDeps & InsomniaBlobDeps & { name: string };
const SETS: Deps[] = BACKENDS.map((b) => ({ ...b, rsa: b.name === 'node' ? nodeRsa : webRsa, inflate: b.name === 'node' ? nodeInflate : webInflate }));

function flip(content: string, member: 'iv' | 't' | 'd', byte: number): string {
  const m = JSON.parse(content) as Record<string, string>;
  const b = Buffer.from(m[member]!, 'hex');
  b[byte % b.length]! ^= 0x01;
  return JSON.stringify({ ...m, [member]: b.toString('hex') });
}

describe.each(SETS)('Insomnia VCS data [$name backend]', (deps) => {
  it('every member opens its own wrap of each project key; every blob decrypts, inflates and hashes to its id', async () => {
    let blobs = 0;
    for (const member of [alice, bob]) {
      const account = await unlockInsomniaAccountWith(deps, member.payload as never, member.passphraseTyped);
      for (const p of projectsFor(member.accountId)) {
        const key = await openInsomniaResourceGroupWith(deps, account, p);
        for (const blob of p.blobs) {
          const text = new TextDecoder().decode(await decryptInsomniaBlobWith(deps, blob, key));
          expect(text).toBe(allDocs.find((d) => d.blobId === blob.id)!.text);
          blobs++;
        }
      }
      // The other member's wrap does not open with this account's key.
      const other = fx.projects[0]!.teamKeys.find((k) => k.accountId !== member.accountId)!;
      expect(await errorCode(openInsomniaResourceGroupWith(deps, account, { id: 'p', encSymmetricKey: other.encSymmetricKey }))).toBe('DECRYPT_FAILED');
    }
    reportCounts(`insomnia-vcs.json [${deps.name}]`, { blobs });
    expect(blobs).toBe(2 * allDocs.length);
  });

  it('node-forge (the app decryptAESToBuffer / decryptRSAWithJWK) reads the same project key and gzip bytes as we do', async () => {
    const account = await unlockInsomniaAccountWith(deps, alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[0]!;
    const key = await openInsomniaResourceGroupWith(deps, account, p);
    const j = alice.privateKeyJwk;
    const bi = (m: string) => new forge.jsbn.BigInteger(Buffer.from(j[m]!, 'base64url').toString('hex'), 16);
    const prv = forge.pki.rsa.setPrivateKey(bi('n'), bi('e'), bi('d'), bi('p'), bi('q'), bi('dp'), bi('dq'), bi('qi'));
    const jwk = JSON.parse(decodeURIComponent(prv.decrypt(forge.util.hexToBytes(p.encSymmetricKey), 'RSA-OAEP', { md: forge.md.sha256.create() })));
    expect(Buffer.from(jwk.k, 'base64url').toString('hex')).toBe(Buffer.from(key).toString('hex'));
    for (const blob of p.blobs) {
      const m = JSON.parse(blob.content);
      const d = forge.cipher.createDecipher('AES-GCM', forge.util.hexToBytes(Buffer.from(key).toString('hex')));
      d.start({ iv: forge.util.hexToBytes(m.iv), tagLength: 128, tag: forge.util.createBuffer(forge.util.hexToBytes(m.t)), additionalData: '' });
      d.update(forge.util.createBuffer(forge.util.hexToBytes(m.d)));
      expect(d.finish()).toBe(true);
      expect(d.output.toHex()).toBe(Buffer.from(await decryptInsomniaBytesWith(deps, key, m)).toString('hex'));
    }
  });

  it('tampering: any flipped bit of iv, tag or ciphertext is DECRYPT_FAILED; a blob under another id is VERIFY_FAILED', async () => {
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

  it('decompression bomb: a 40 MiB blob fails with TOO_LARGE under the 32 MiB default, and under any smaller limit', async () => {
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

  it('migration refuses the bomb as a whole: TOO_LARGE naming the blob, nothing created', async () => {
    const e = await migrateInsomniaAccountWith(deps, {
      account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', projects: projectsFor(alice.accountId), dryRun: true,
    }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeUndefined(); // without the bomb the dry run passes
    const withBomb = projectsFor(alice.accountId).map((p) => (p.id === fx.bomb.projectId ? { ...p, blobs: [...p.blobs, fx.bomb.blob] } : p));
    const failed = migrateInsomniaAccountWith(deps, { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', projects: withBomb, kdf: FAST_KDF });
    expect(await errorCode(failed)).toBe('TOO_LARGE');
    expect(((await failed.catch((x: unknown) => x)) as Error).message).toContain(fx.bomb.blob.id);
  });
});

describe('Insomnia 10.x account migration, end to end', () => {
  it('dry run, migration with the passphrase as typed, zkvault login with what the user types, every resource decrypts', async () => {
    const projects = projectsFor(alice.accountId);
    const source = { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org_acme', projects };
    const before = structuredClone(source);

    // 1. Dry run: everything read and checked, a report without secrets, nothing created.
    const dry = await migrateInsomniaAccount({ ...source, dryRun: true });
    expect(Object.keys(dry)).toEqual(['dryRun', 'report']);
    expect(dry.report.resources).toBe(allDocs.length);
    expect(dry.report.blobs).toBe(allDocs.length);
    expect(dry.report.resourceGroups).toEqual(fx.projects.map((p) => ({ resourceGroupId: p.id, resources: p.blobs.length })));
    expect(dry.report.changes.some((c) => c.includes('VCS blobs'))).toBe(true);
    const reportText = JSON.stringify(dry.report);
    expect(reportText).not.toContain(alice.privateKeyJwk['d']!);
    expect(reportText).not.toContain(alice.handoff.key);
    expect(reportText).not.toContain('päss 日本 secret'); // document contents stay out of the report

    // 2. Migration (test-strength KDF and group to keep it fast).
    const m = await migrateInsomniaAccount({ ...source, accountId: 'acct_alice', kdf: FAST_KDF, srp: { bits: 2048 } });
    expect(source).toEqual(before); // the source is only read
    expect(m.links).toHaveLength(fx.projects.length);
    expect(m.resources).toHaveLength(allDocs.length);
    m.account.dispose();
    const record = parseAccountRecord(JSON.parse(JSON.stringify(m.record)));

    // 3. Login with the passphrase the user types (the app ignored the padding: trim + NFKD).
    const login = await startLogin({ accountId: 'acct_alice', passphrase: 'pässwörd-日本', params: loginParams(record), minIterations: FAST_KDF.iterations });
    const server = await startLoginServer(record);
    const { M2 } = await server.verify(login.A, await login.respond(server.B));
    await login.verify(M2);
    const account = await unlockAccount(record, login);

    // 4. Every resource decrypts to the document text the app synced, typed by its document type.
    let n = 0;
    for (const link of m.links) {
      const group = await openLink(JSON.parse(JSON.stringify(link)), account, { accountId: 'acct_alice', publicKey: account.publicKey });
      for (const rec of m.resources.filter((r) => r.resourceGroupId === link.resourceGroupId)) {
        const text = new TextDecoder().decode(await decryptResource(group, JSON.parse(JSON.stringify(rec)), { resourceId: rec.resourceId }));
        const doc = allDocs.find((d) => d.blobId === rec.resourceId)!;
        expect(text).toBe(doc.text);
        expect(createHash('sha1').update(text).digest('hex')).toBe(rec.resourceId);
        expect(rec.type).toBe((JSON.parse(doc.text) as { type: string }).type);
        n++;
      }
      group.dispose();
    }
    account.dispose();
    expect(n).toBe(allDocs.length);
  }, 120_000);

  it('rejects duplicate and malformed projects', async () => {
    const base = { account: alice.payload as never, passphrase: alice.passphraseTyped, tenantId: 'org', dryRun: true as const };
    const [p0] = projectsFor(alice.accountId) as [ReturnType<typeof projectsFor>[0]];
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [p0, p0] }))).toBe('INVALID_RECORD');
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [{ ...p0, blobs: [p0.blobs[0]!, p0.blobs[0]!] }] }))).toBe('INVALID_RECORD');
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: 'x' as never }))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [{ ...p0, blobs: 'x' as never }] }))).toBe('INVALID_RECORD');
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [p0], maxBlobBytes: 2 ** 40 }))).toBe('INVALID_INPUT');
    // A project key wrapped to bob only: alice's migration cannot open it.
    const bobsWrap = fx.projects[0]!.teamKeys.find((k) => k.accountId === bob.accountId)!.encSymmetricKey;
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [{ ...p0, encSymmetricKey: bobsWrap }] }))).toBe('DECRYPT_FAILED');
  });

  it('the public decryptInsomniaBlob binds the platform backends', async () => {
    const acct = await unlockInsomniaAccountWith(SETS[0]!, alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[1]!;
    const key = await openInsomniaResourceGroupWith(SETS[0]!, acct, p);
    expect(new TextDecoder().decode(await decryptInsomniaBlob(p.blobs[0]!, key))).toBe(fx.projects[1]!.documents[0]!.text);
  });
});
