// Static check: src/ compares tags, commitments, proofs and MACs only with the constant-time
// `equalBytes` (docs/api-conventions.md, "Errors"). The fixtures prove the scan catches each pattern
// it claims to, and lets the patterns src/ legitimately uses through.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { scanConstantTime, type CtFinding } from '../helpers/ct-scan.js';

const root = resolve(import.meta.dirname, '../..');
const tsconfig = join(root, 'tsconfig.json');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [ts.sys.resolvePath(p).replace(/\\/g, '/')] : [];
  });
}

// Shared declarations, so each fixture is a complete, type-correct module.
const PRELUDE = `
declare function toHex(b: Uint8Array): string;
declare function toBase64url(b: Uint8Array): string;
declare function equalBytes(a: Uint8Array, b: Uint8Array): boolean;
declare const tag: Uint8Array;
declare const expectedTag: Uint8Array;
declare const buf: Buffer;
declare const known: Uint8Array[];
`;

// Each must give exactly one finding, with this rule.
const BAD: readonly [rule: string, what: string, code: string][] = [
  ['buffer-compare', 'Buffer.compare', 'export const ok = Buffer.compare(tag, expectedTag) === 0;'],
  ['buffer-compare', '.compare on a Buffer', 'export const ok = buf.compare(expectedTag) === 0;'],
  ['bytes-equals', 'Buffer#equals', 'export const ok = buf.equals(expectedTag);'],
  ['bytes-equals', 'Buffer.from(...).equals', 'export const ok = Buffer.from(tag).equals(expectedTag);'],
  ['timing-safe-equal', "node's timingSafeEqual", "import { timingSafeEqual } from 'node:crypto';\nexport const ok = timingSafeEqual(tag, expectedTag);"],
  ['bytes-eq-operator', '=== on two byte arrays', 'export const ok = tag === expectedTag;'],
  ['bytes-eq-operator', '!= on a Buffer', 'export const bad = buf != (expectedTag as Buffer);'],
  ['bytes-element-loop', 'early-exit element loop', 'export function eq(a: Uint8Array, b: Uint8Array): boolean {\n  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;\n  return true;\n}'],
  ['secret-text-eq', '=== on toHex', 'export const ok = toHex(tag) === toHex(expectedTag);'],
  ['secret-text-eq', '!== on toBase64url', 'export function check(wanted: string): boolean {\n  return toBase64url(tag) !== wanted;\n}'],
  ['secret-text-eq', "=== on .toString('hex')", "declare const wantedHex: string;\nexport const ok = buf.toString('hex') === wantedHex;"],
  ['secret-text-eq', '=== on a string named as a MAC', 'export function check(macHex: string, wanted: string): boolean {\n  return macHex === wanted;\n}'],
  ['secret-text-eq', '=== on a string proof M1', 'export function check(m1: string, expected: string): boolean {\n  return expected === m1;\n}'],
  ['secret-text-eq', '=== on a commitment field', 'export function check(env: { commitment: string }, c: string): boolean {\n  return env.commitment === c;\n}'],
  ['bytes-search', 'indexOf of a tag in a list of byte arrays', 'export const seen = known.indexOf(tag) >= 0;'],
  ['bytes-search', 'includes on bytes', 'export const has = buf.includes(7);'],
  ['bytes-search', 'every over bytes', 'export const same = tag.every((x, i) => x === expectedTag[i]);'],
  ['bytes-search', 'startsWith on hex', "export const pre = toHex(tag).startsWith('00');"],
  ['bytes-search', 'includes of hex text in a list', 'export function seen(list: string[]): boolean {\n  return list.includes(toHex(tag));\n}'],
];

// Must give no finding: the patterns src/ uses on purpose.
const GOOD: readonly [what: string, code: string][] = [
  ['equalBytes', 'export const ok = equalBytes(tag, expectedTag);'],
  ['length and byte-value checks', 'export const ok = tag.length !== 16 || tag[0] !== 0x01 || expectedTag[1] === 2;'],
  ['nullish checks on bytes', 'declare const maybe: Uint8Array | undefined;\nexport const ok = maybe === undefined || maybe !== null;'],
  ['XOR accumulator (equalBytes itself)', 'let d = 0;\nfor (let i = 0; i < tag.length; i++) d |= tag[i]! ^ expectedTag[i]!;\nexport const ok = d === 0;'],
  ['a public constant against a literal, an option name', "declare const proof: 'srp6a' | 'rfc2945';\nexport const ok = toHex(tag) !== '010001' && proof === 'rfc2945';"],
  ['string state and codes', "declare let step: 'a' | 'b';\ndeclare const e: { code: string };\nexport const ok = step !== 'a' && e.code === 'X' && typeof tag !== 'string';"],
  ['searching names and numbers', "export const ok = ['a', 'b'].includes('a') && [16, 32].includes(tag.length) && 'abc'.indexOf('b') > 0;"],
  ['decoding text (not a comparison)', "export const t = toHex(tag).slice(0, 4) + buf.toString('hex');"],
];

// Findings allowed where they are, with the reason. Keep this short: everything else must use equalBytes.
const ALLOWED: readonly { file: string; rule: string; reason: string }[] = [
  { file: 'src/cli/suite.ts', rule: 'bytes-search', reason: '`zkvault vectors` compares known-answer outputs with public test vectors' },
  { file: 'src/cli/suites/insomnia.ts', rule: 'secret-text-eq', reason: 'known-answer check of Insomnia SRP values (M1, M2) from a public vector file' },
  { file: 'src/backend/ed25519-strict.ts', rule: 'bytes-element-loop', reason: 'canonical-encoding check of a public key against the public constant p (RFC 8032): nothing secret' },
  { file: 'src/model/login-server.ts', rule: 'secret-text-eq', reason: "ServerLogin.fromJSON binds the server's own state to the account id and stored record: identity, salt and group are public values" },
];

const dir = mkdtempSync(join(tmpdir(), 'zkvault-ct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bad = BAD.map(([rule, what, code], i) => ({ rule, what, file: ts.sys.resolvePath(join(dir, `bad${i}.ts`)), code }));
const good = GOOD.map(([what, code], i) => ({ what, file: ts.sys.resolvePath(join(dir, `good${i}.ts`)), code }));
for (const f of [...bad, ...good]) writeFileSync(f.file, PRELUDE + f.code + '\n');
const srcFiles = tsFiles(join(root, 'src'));
// One type-checked program for src/ and the fixtures (building it is the slow part).
let findings: CtFinding[] | undefined;
const scan = (): CtFinding[] => (findings ??= scanConstantTime([...srcFiles, ...bad.map((f) => f.file), ...good.map((f) => f.file)], tsconfig));

describe('constant-time comparisons (static scan of src/)', () => {
  it('src/ has no comparison of bytes or authenticator text other than equalBytes', () => {
    expect(srcFiles.length).toBeGreaterThan(50);
    const inSrc = scan()
      .filter((f) => f.file.startsWith(root + '/src/'))
      .map((f) => ({ ...f, file: f.file.slice(root.length + 1) }));
    const allowed = (f: CtFinding): boolean => ALLOWED.some((a) => a.file === f.file && a.rule === f.rule);
    expect(inSrc.filter((f) => !allowed(f)).map((f) => `${f.file}:${f.line} [${f.rule}] ${f.text}`)).toEqual([]);
    // Every allowance is still needed (a stale one would hide a new finding in that file).
    for (const a of ALLOWED) expect(inSrc.some((f) => f.file === a.file && f.rule === a.rule), a.file).toBe(true);
  });

  describe('the scan catches each pattern (fixtures)', () => {
    it.each(bad)('$rule: $what', (f) => {
      expect(scan().filter((x) => x.file === f.file).map((x) => x.rule)).toEqual([f.rule]);
    });
    it.each(good)('no finding: $what', (f) => {
      expect(scan().filter((x) => x.file === f.file)).toEqual([]);
    });
  });
});
