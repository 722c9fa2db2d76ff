/** Vector suites for PBKDF2, HMAC and HKDF (RFC 6070, RFC 7914, RFC 5869, Wycheproof). @module */
import { hash } from '#backend/hash';
import type { HashName } from '../../backend/types.js';
import { equalBytes } from '../../bytes/index.js';
import { hkdf, pbkdf2 } from '../../kdf/index.js';
import { defineSuite, h, mustThrow, PASS, same, type Suite } from '../suite.js';

const SLOW_ITERATIONS = 1_000_000;

interface RfcPbkdf2 { tc: number; hash: HashName; password_hex: string; salt_hex: string; iterations: number; dkLen: number; dk: string }
const rfcPbkdf2 = (name: string, file: string): Suite =>
  defineSuite<RfcPbkdf2>(
    name,
    file,
    (d: { vectors: RfcPbkdf2[] }) => d.vectors.map((v) => ({ id: `tc${v.tc}`, value: v })),
    async (v, ctx) => {
      if (v.iterations > SLOW_ITERATIONS && !ctx.slow) return { skip: 'slow', why: `${v.iterations} iterations` };
      if (v.iterations > SLOW_ITERATIONS) ctx.progress?.(`  ${name} tc${v.tc}: PBKDF2-${v.hash} with ${v.iterations} iterations ...`);
      const dk = await pbkdf2(h(v.password_hex), { salt: h(v.salt_hex), iterations: v.iterations, hash: v.hash, dkLen: v.dkLen });
      return same('dk', dk, h(v.dk));
    },
  );

interface WyTest { tcId: number; result: 'valid' | 'invalid' | 'acceptable' }
function wycheproof<G, T extends WyTest>(d: { testGroups: (G & { tests: T[] })[] }): { id: string; value: { g: G; t: T } }[] {
  return d.testGroups.flatMap((g) => g.tests.map((t) => ({ id: `tc${t.tcId}`, value: { g, t } })));
}

interface WyPbkdf2 extends WyTest { password: string; salt: string; iterationCount: number; dkLen: number; dk: string }
interface WyHmac extends WyTest { key: string; msg: string; tag: string }
interface WyHkdf extends WyTest { ikm: string; salt: string; info: string; size: number; okm: string }

export const kdfSuites: Suite[] = [
  rfcPbkdf2('rfc6070', 'rfc6070-pbkdf2-sha1.json'),
  rfcPbkdf2('rfc7914', 'rfc7914-pbkdf2-sha256.json'),
  defineSuite<{ tc: number; hash: HashName; ikm: string; salt: string | null; info: string; L: number; okm: string }>(
    'rfc5869',
    'rfc5869-hkdf.json',
    (d) => d.vectors.map((v: { tc: number }) => ({ id: `tc${v.tc}`, value: v })),
    async (v) => {
      const opts = { length: v.L, hash: v.hash, info: h(v.info), ...(v.salt === null ? {} : { salt: h(v.salt) }) };
      return same('okm', await hkdf(h(v.ikm), opts), h(v.okm));
    },
  ),
  defineSuite<{ g: object; t: WyPbkdf2 }>('wycheproof-pbkdf2', 'wycheproof/pbkdf2_hmacsha256_test.json', wycheproof, async ({ t }) => {
    const run = (): Promise<Uint8Array> => pbkdf2(h(t.password), { salt: h(t.salt), iterations: t.iterationCount, dkLen: t.dkLen });
    if (t.result === 'invalid') return mustThrow(run);
    return same('dk', await run(), h(t.dk));
  }),
  defineSuite<{ g: { tagSize: number }; t: WyHmac }>('wycheproof-hmac', 'wycheproof/hmac_sha256_test.json', wycheproof, async ({ g, t }) => {
    // Truncated tags compare the leading tagSize bits, as the file specifies.
    const full = hash.hmac('SHA-256', h(t.key), h(t.msg));
    const match = equalBytes(full.subarray(0, g.tagSize / 8), h(t.tag));
    if (t.result === 'valid') return match ? PASS : { ok: false, why: 'tag differs' };
    return match ? { ok: false, why: 'accepted an invalid tag' } : PASS;
  }),
  defineSuite<{ g: object; t: WyHkdf }>('wycheproof-hkdf', 'wycheproof/hkdf_sha256_test.json', wycheproof, async ({ t }) => {
    const run = (): Promise<Uint8Array> => hkdf(h(t.ikm), { salt: h(t.salt), info: h(t.info), length: t.size });
    if (t.result === 'invalid') return mustThrow(run, ['INVALID_INPUT']);
    return same('okm', await run(), h(t.okm));
  }),
];
