// Generates vectors/zkvault-links-v2.json: golden links v2 (docs/formats.md, "Links v2") with FIXED
// inputs: the recipient's X-Wing seed, the sender's Ed25519 seed, the group key and the 64 bytes of
// X-Wing encapsulation randomness are SHA-256 of labels (every key here is public, for vectors only).
// Each vector holds the inputs, the HPKE info, the signed bytes and the link record.
// Run: node scripts/run-ts.mjs scripts/generate-links-v2-vectors.ts          (writes the file)
//      node scripts/run-ts.mjs scripts/generate-links-v2-vectors.ts --check  (compares, exit 1 on a difference)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { aead } from '../src/backend/node/aead.js';
import { ed25519 } from '../src/backend/node/ed25519.js';
import { hash } from '../src/backend/node/hash.js';
import { random } from '../src/backend/node/random.js';
import { xwing } from '../src/backend/node/xwing.js';
import { sealXWingWith } from '../src/hpke/xwing.js';
import { encodeContext, PURPOSE } from '../src/model/context.js';
import { linkV2SignedBytes, type LinkRecordV2 } from '../src/model/links-v2.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const fixed = (label: string, n = 32): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i * 32 < n; i++) out.set(new Uint8Array(createHash('sha256').update(`zkvault links v2 vectors: ${label} ${i}`).digest()).subarray(0, Math.min(32, n - i * 32)), i * 32);
  return out;
};

interface Case {
  name: string;
  tenantId: string;
  resourceGroupId: string;
  keyVersion: number;
  senderId: string;
  recipientId: string;
}

const CASES: Case[] = [
  { name: 'jane to bob, version 1', tenantId: 'org1', resourceGroupId: 'g1', keyVersion: 1, senderId: 'jane', recipientId: 'bob' },
  { name: 'jane to herself, version 7, non-ASCII ids', tenantId: 'Örg ✓', resourceGroupId: 'группа', keyVersion: 7, senderId: 'jane', recipientId: 'jane' },
];

export async function generateLinksV2Vectors(): Promise<unknown> {
  const vectors = [];
  for (const c of CASES) {
    const recipientSeed = fixed(`${c.recipientId} PRV_XWing`);
    const senderSeed = fixed(`${c.senderId} PRV_Sign`);
    const groupKey = fixed(`${c.name} group key`);
    const eseed = fixed(`${c.name} eseed`, 64);
    const recipientXWing = xwing.publicKey(recipientSeed);
    const info = encodeContext(PURPOSE.linkV2, [c.tenantId, c.resourceGroupId, c.keyVersion, c.senderId, c.recipientId]);
    const sealed = await sealXWingWith({ xwing, hash, aead, random }, { recipientPublicKey: recipientXWing, plaintext: groupKey, info, aead: 'AES-256-GCM' }, eseed);
    const SYM_Link = b64(Uint8Array.of(...sealed.enc, ...sealed.ciphertext)) as LinkRecordV2['SYM_Link'];
    const fields = { tenantId: c.tenantId, resourceGroupId: c.resourceGroupId, keyVersion: c.keyVersion, senderId: c.senderId, recipientId: c.recipientId, SYM_Link };
    const signed = linkV2SignedBytes(fields, recipientXWing);
    const link: LinkRecordV2 = { v: 2, suite: 'zkv2-xwing', ...fields, SIG_Link: b64(ed25519.sign(senderSeed, signed)) };
    vectors.push({
      name: c.name,
      inputs: { recipientXWingSeed: hex(recipientSeed), senderSignSeed: hex(senderSeed), groupKey: hex(groupKey), eseed: hex(eseed) },
      recipientXWingPublicKey: hex(recipientXWing),
      senderSignPublicKey: hex(ed25519.publicKey(senderSeed)),
      info: hex(info),
      signedBytes: hex(signed),
      link,
    });
  }
  return {
    description:
      'zkvault links v2 (issue 18): HPKE base mode, KEM X-Wing (0x647a), HKDF-SHA256, AES-256-GCM; SYM_Link = enc (1120) || ciphertext of the group key (48); SIG_Link = Ed25519(PRV_Sign, signedBytes). Fixed inputs are SHA-256 of labels; see docs/formats.md, "Links v2".',
    generator: 'scripts/generate-links-v2-vectors.ts',
    vectors,
  };
}

const isMain = process.argv[1]?.endsWith('generate-links-v2-vectors.ts') || process.argv[1]?.endsWith('generate-links-v2-vectors.mjs');
if (isMain) {
  const path = resolve(process.cwd(), 'vectors/zkvault-links-v2.json');
  const text = `${JSON.stringify(await generateLinksV2Vectors(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(path, 'utf8') !== text) {
      console.error('vectors/zkvault-links-v2.json differs from the generator');
      process.exit(1);
    }
    console.log('vectors/zkvault-links-v2.json is up to date');
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
