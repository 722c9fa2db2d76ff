// Loads @getinsomnia/srp-js (a browser bundle of the Insomnia app's crypt.ts and SRP formulas, from the
// Insomnia authors) on Node and builds Insomnia records with it exactly as the app's session and sync code do, so our reader is
// tested against the real writer. The bundle reads `window.crypto` / `self`, hence the shim; it
// also logs which engine it picked ("-- Using native PBKDF2 --"), which is filtered out.
import type * as Peer from '@getinsomnia/srp-js';

export type InsomniaPeer = typeof Peer;

let loaded: Promise<InsomniaPeer> | undefined;

/** The peer package, with its `window`/`self` shim installed before its first import. */
export function loadInsomniaPeer(): Promise<InsomniaPeer> {
  const g = globalThis as Record<string, unknown>;
  g['window'] ??= globalThis;
  g['self'] ??= globalThis;
  if (loaded === undefined) {
    const log = console.log;
    console.log = (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && args[0].startsWith('-- ')) return;
      log(...args);
    };
    loaded = import('@getinsomnia/srp-js');
  }
  return loaded;
}

/** An Insomnia account as the app's `signup` creates it, with the secrets a test needs to check it. */
export interface PeerAccount {
  payload: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    saltKey: string;
    saltAuth: string;
    saltEnc: string;
    verifier: string;
    encSymmetricKey: string;
    encPrivateKey: string;
    publicKey: string;
  };
  passphrase: string;
  symmetricKeyJwk: JsonWebKey;
  privateKeyJwk: JsonWebKey;
  publicKeyJwk: JsonWebKey;
}

/** The app's session.ts `signup`, step by step, with the app's own crypto functions. */
export async function peerSignup(peer: InsomniaPeer, rawEmail: string, rawPassphrase: string): Promise<PeerAccount> {
  const email = rawEmail.trim().toLowerCase();
  const passphrase = rawPassphrase.trim().normalize('NFKD');
  const id = peer.generateAccountId();
  const saltEnc = peer.getRandomHex();
  const saltAuth = peer.getRandomHex();
  const saltKey = peer.getRandomHex();
  const authSecret = await peer.deriveKey(passphrase, email, saltKey);
  const derivedSymmetricKey = await peer.deriveKey(passphrase, email, saltEnc);
  const { publicKey, privateKey } = await peer.generateKeyPairJWK();
  const symmetricKeyJWK = await peer.generateAES256Key();
  const verifier = peer
    .computeVerifier(peer.params[2048]!, peer.Buffer.from(saltAuth, 'hex'), peer.Buffer.from(email, 'utf8'), peer.Buffer.from(authSecret, 'hex'))
    .toString('hex');
  const encSymmetricKey = JSON.stringify(peer.encryptAES(derivedSymmetricKey, JSON.stringify(symmetricKeyJWK)));
  const encPrivateKey = JSON.stringify(peer.encryptAES(symmetricKeyJWK, JSON.stringify(privateKey)));
  return {
    payload: {
      id,
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      saltKey,
      saltAuth,
      saltEnc,
      verifier,
      encSymmetricKey,
      encPrivateKey,
      publicKey: JSON.stringify(publicKey),
    },
    passphrase: rawPassphrase,
    symmetricKeyJwk: symmetricKeyJWK,
    privateKeyJwk: privateKey as JsonWebKey,
    publicKeyJwk: publicKey as JsonWebKey,
  };
}

/** A resource group and its documents as the app's sync creates them (group key RSA-shared to the owner). */
export interface PeerGroup {
  group: { id: string; name: string; encSymmetricKey: string };
  groupKeyJwk: JsonWebKey;
  resources: { id: string; resourceGroupId: string; type: string; name: string; encContent: string }[];
  docs: unknown[];
}

/** The app's sync `createResourceGroup` + `_encryptDoc` for each document. */
export async function peerCreateGroup(peer: InsomniaPeer, owner: PeerAccount, name: string, docs: unknown[]): Promise<PeerGroup> {
  const groupKeyJwk = await peer.generateAES256Key();
  const id = `rg_${peer.getRandomHex(16)}`;
  const encSymmetricKey = peer.encryptRSAWithJWK(owner.publicKeyJwk, JSON.stringify(groupKeyJwk));
  const resources = docs.map((doc, i) => ({
    id: `res_${i}_${peer.getRandomHex(8)}`,
    resourceGroupId: id,
    type: 'Request',
    name: `doc ${i}`,
    encContent: JSON.stringify(peer.encryptAES(groupKeyJwk, JSON.stringify(doc))),
  }));
  return { group: { id, name, encSymmetricKey }, groupKeyJwk, resources, docs };
}
