/** Vector suite for our model records (vectors/zkvault-model-v1.json), through the public model API. @module */
import { ClientLogin, ServerLogin, unlockAccount, loginParams, openLink, decryptResource, fingerprint, type AccountRecord, type LinkRecord, type ResourceRecord, type UnlockedAccount } from '../../model/index.js';
import { bytesToUtf8, fromHex } from '../../bytes/index.js';
import { defineSuite, PASS, type CaseOutcome, type Suite } from '../suite.js';
import { groupLogSuites } from './group-log.js';

interface ModelFile {
  inputs: {
    kdf: { iterations: number };
    jane: { accountId: string; passphrase: string };
    bob: { accountId: string; passphrase: string; secretKeyHex: string };
    resource: { resourceId: string; type: string; plaintext: string };
  };
  accounts: { jane: AccountRecord; bob: AccountRecord };
  fingerprints: { jane: string; bob: string };
  links: { self: LinkRecord; janeToBob: LinkRecord };
  resources: ResourceRecord[];
  migration: { legacy: AccountRecord; upgraded: AccountRecord; fingerprint: string };
}

type Case =
  | { kind: 'login'; who: 'jane' | 'bob'; f: ModelFile }
  | { kind: 'link'; which: 'self' | 'janeToBob'; f: ModelFile }
  | { kind: 'migration'; f: ModelFile };

async function loginAs(f: ModelFile, who: 'jane' | 'bob', record: AccountRecord = f.accounts[who]): Promise<UnlockedAccount> {
  const input = f.inputs[who];
  const secretKey = who === 'bob' ? { secretKey: fromHex(f.inputs.bob.secretKeyHex) } : {};
  const client = await ClientLogin.start({ accountId: input.accountId, passphrase: input.passphrase, params: loginParams(record), minIterations: f.inputs.kdf.iterations, ...secretKey });
  const server = await ServerLogin.start(record);
  const { M2 } = await server.verify(client.A, await client.respond(server.B));
  await client.verify(M2);
  return unlockAccount(record, client);
}

export const modelSuites: Suite[] = [
  defineSuite<Case>(
    'zkvault-model-v1',
    'zkvault-model-v1.json',
    (f: ModelFile) => [
      { id: 'jane logs in and unlocks', value: { kind: 'login', who: 'jane', f } },
      { id: 'bob logs in with his secret key and unlocks', value: { kind: 'login', who: 'bob', f } },
      { id: 'jane opens her self-link and decrypts the resource', value: { kind: 'link', which: 'self', f } },
      { id: 'bob opens jane’s link and decrypts the resource', value: { kind: 'link', which: 'janeToBob', f } },
      { id: 'jane’s record from before signing keys gains the golden signing key', value: { kind: 'migration', f } },
    ],
    async (c): Promise<CaseOutcome> => {
      const f = c.f;
      if (c.kind === 'login') {
        const a = await loginAs(f, c.who);
        const ok = fingerprint(a) === f.fingerprints[c.who];
        a.dispose();
        return ok ? PASS : { ok: false, why: 'fingerprint differs' };
      }
      if (c.kind === 'migration') {
        const a = await loginAs(f, 'jane', f.migration.legacy);
        const ok = a.recordUpgrade?.record.PUB_Sign === f.migration.upgraded.PUB_Sign && fingerprint(a) === f.migration.fingerprint;
        a.dispose();
        return ok ? PASS : { ok: false, why: 'the upgraded signing key differs' };
      }
      const recipient = await loginAs(f, c.which === 'self' ? 'jane' : 'bob');
      const janePub = (await loginAs(f, 'jane')).publicKey;
      const group = await openLink(f.links[c.which], recipient, { accountId: f.inputs.jane.accountId, publicKey: janePub });
      const pt = bytesToUtf8(await decryptResource(f.resources[0]!, group));
      recipient.dispose();
      return pt === f.inputs.resource.plaintext ? PASS : { ok: false, why: 'plaintext differs' };
    },
  ),
  // Group logs (issue 12).
  ...groupLogSuites,
];
