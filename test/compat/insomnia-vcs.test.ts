// The app's current (10.x VCS) sync data from vectors/insomnia-vcs.json (made by the app's formulas,
// checked with node-forge and srp-js 0.2.1): project keys RSA-wrapped to each member, gzip'd +
// encryptAESBuffer'd blobs, read on both backends; node-forge opens the same messages; then the
// end-to-end migration: dry run, migration, zkvault login with the passphrase as typed, and every
// resource decrypted. Tamper, swap and bomb attacks: test/adversary/insomnia.test.ts.
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { openInsomniaResourceGroupWith, unlockInsomniaAccountWith } from '../../src/compat/insomnia/account.js';
import { decryptInsomniaBytesWith } from '../../src/compat/insomnia/aes.js';
import { decryptInsomniaBlobWith } from '../../src/compat/insomnia/vcs.js';
import { decryptInsomniaBlob, migrateInsomniaAccount } from '../../src/compat/insomnia/index.js';
import { decryptResource, loginParams, openLink, parseAccountRecord, ClientLogin, ServerLogin, unlockAccount } from '../../src/model/index.js';
import { errorCode } from '../helpers/errors.js';
import { reportCounts } from '../helpers/vectors.js';
import { alice, allDocs, bob, FAST_KDF, fx, projectsFor } from './insomnia-vcs-fixture.js';
import { BACKENDS } from '../helpers/backends.js';

describe.each(BACKENDS)('Insomnia VCS data [$name backend]', (deps) => {
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
    const login = await ClientLogin.start({ accountId: 'acct_alice', passphrase: 'pässwörd-日本', params: loginParams(record), minIterations: FAST_KDF.iterations });
    const server = await ServerLogin.start(record);
    const { M2 } = await server.verify(login.A, await login.respond(server.B));
    await login.verify(M2);
    const account = await unlockAccount(record, login);

    // 4. Every resource decrypts to the document text the app synced, typed by its document type.
    let n = 0;
    for (const link of m.links) {
      const group = await openLink(JSON.parse(JSON.stringify(link)), account, { accountId: 'acct_alice', publicKey: account.publicKey });
      for (const rec of m.resources.filter((r) => r.resourceGroupId === link.resourceGroupId)) {
        const text = new TextDecoder().decode(await decryptResource(JSON.parse(JSON.stringify(rec)), group, { expected: { resourceId: rec.resourceId } }));
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
    expect(await errorCode(migrateInsomniaAccount({ ...base, projects: [p0], maxBlobBytes: 64 * 1024 * 1024 + 1 }))).toBe('INVALID_INPUT');
  });

  it('the public decryptInsomniaBlob binds the platform backends', async () => {
    const acct = await unlockInsomniaAccountWith(BACKENDS[0], alice.payload as never, alice.passphraseTyped);
    const p = projectsFor(alice.accountId)[1]!;
    const key = await openInsomniaResourceGroupWith(BACKENDS[0], acct, p);
    expect(new TextDecoder().decode(await decryptInsomniaBlob(p.blobs[0]!, key))).toBe(fx.projects[1]!.documents[0]!.text);
  });
});
