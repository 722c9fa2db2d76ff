// The model flow through the public API, for runtimes other than Node (Deno, Bun, workerd): sign up,
// log in over SRP, create a group, share it, encrypt, the member decrypts; a wrong passphrase fails.
// Exports run() so workerd can call it from a test handler; prints one line per check.
import { backendInfo, createAccount, createResourceGroup, decryptResource, encryptResource, loginParams, openLink, ServerLogin, shareResourceGroup, ClientLogin, unlockAccount } from 'zkvault';

const FAST = { kdf: { iterations: 1000 }, srp: { bits: 2048, hash: 'SHA-256' } };
const json = (x) => JSON.parse(JSON.stringify(x));

async function login(record, passphrase) {
  const client = await ClientLogin.start({ accountId: record.accountId, passphrase, params: json(loginParams(record)), minIterations: 1000 });
  const server = ServerLogin.fromJSON(json((await ServerLogin.start(record)).toJSON()));
  const M1 = await client.respond(server.B);
  const { M2 } = await server.verify(client.A, M1);
  await client.verify(M2);
  return unlockAccount(json(record), client);
}

export async function run(log) {
  let passed = 0;
  const check = (name, ok) => {
    if (!ok) throw new Error(`FAILED ${name}`);
    passed++;
    log(`ok ${name}`);
  };
  const info = backendInfo();
  log(`backend ${info.backend}, webCrypto ${info.webCrypto}, kdf ${info.families.kdf}, aead ${info.families.aead}`);
  const { record: janeRec, account: jane0 } = await createAccount({ accountId: 'jane', passphrase: 'pässwörd', ...FAST });
  check('sign up', janeRec.accountId === 'jane');
  const { record: bobRec } = await createAccount({ accountId: 'bob', passphrase: 'hunter2', ...FAST });
  const jane = await login(janeRec, 'pässwörd');
  check('log in (SRP)', jane.fingerprint === jane0.fingerprint);
  const bob = await login(bobRec, 'hunter2');
  const { group } = await createResourceGroup({ tenantId: 't', resourceGroupId: 'g' }, jane);
  check('create group', group !== undefined);
  const link = await shareResourceGroup(group, jane, { accountId: bob.accountId, publicKey: bob.publicKey });
  check('share', link.v === 1);
  const res = await encryptResource({ resourceId: 'r1', type: 'request', plaintext: 'GET /secret' }, group);
  check('encrypt', res.v === 1);
  const bobGroup = await openLink(json(link), bob, { accountId: jane.accountId, publicKey: jane.publicKey });
  check('decrypt as member', new TextDecoder().decode(await decryptResource(json(res), bobGroup)) === 'GET /secret');
  let refused = false;
  try {
    await login(janeRec, 'wrong');
  } catch (e) {
    refused = e?.code !== undefined;
  }
  check('wrong passphrase refused', refused);
  log(`${passed} passed`);
  return passed;
}

// Run directly (deno run / bun): not under workerd, which imports run() from its worker.
if (typeof globalThis.Deno !== 'undefined' || typeof globalThis.Bun !== 'undefined') {
  run((l) => console.log(l)).catch((e) => {
    console.error(e);
    globalThis.Deno ? globalThis.Deno.exit(1) : process.exit(1);
  });
}
