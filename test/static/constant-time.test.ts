// Static check: src/ compares tags, commitments, proofs and MACs only with the constant-time
// `equalBytes` (docs/api-conventions.md, "Errors"). `npm run typecheck` scans src/ (checkSource, on
// its own program, which has all of src/'s types already); this file proves the scan catches each
// pattern it claims to and lets the patterns src/ legitimately uses through, and that the typecheck
// runs it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSource, createScanProgram, CT_ALLOWED, scanProgram, type CtFinding } from '../helpers/ct-scan.js';

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

const dir = mkdtempSync(join(tmpdir(), 'zkvault-ct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bad = BAD.map(([rule, what, code], i) => ({ rule, what, file: ts.sys.resolvePath(join(dir, `bad${i}.ts`)), code }));
const good = GOOD.map(([what, code], i) => ({ what, file: ts.sys.resolvePath(join(dir, `good${i}.ts`)), code }));
for (const f of [...bad, ...good]) writeFileSync(f.file, PRELUDE + f.code + '\n');
// checkSource's input: a stand-in package root whose src/ holds copies of two fixtures.
const fakeRoot = ts.sys.resolvePath(join(dir, 'pkg'));
mkdirSync(join(fakeRoot, 'src'), { recursive: true });
const inSrc = [BAD[0]!, BAD.find(([rule]) => rule === 'bytes-element-loop')!].map(([rule, , code]) => ({ rule, file: join(fakeRoot, `src/${rule}.ts`), code }));
for (const f of inSrc) writeFileSync(f.file, PRELUDE + f.code + '\n');
// One type-checked program for all fixtures (src/ itself is scanned by `npm run typecheck`, on its
// own program: scripts/typecheck.mjs calls checkSource; docs/testing.md, "Round 5 (ts13)").
let program: ts.Program | undefined;
const fixtures = (): ts.Program => (program ??= createScanProgram([...bad, ...good, ...inSrc].map((f) => f.file), tsconfig));
let findings: CtFinding[] | undefined;
const scan = (): CtFinding[] => (findings ??= scanProgram(fixtures(), [...bad, ...good].map((f) => f.file)));

describe('constant-time comparisons (static scan)', () => {
  it('npm run typecheck scans src/ with checkSource', () => {
    // The wiring: the typecheck script imports this helper and fails on what checkSource returns.
    const script = readFileSync(join(root, 'scripts/typecheck.mjs'), 'utf8');
    expect(script).toMatch(/test\/helpers\/ct-scan\.ts/);
    expect(script).toMatch(/\nconst problems = checkSource\(program, root\);\nif \(problems\.length > 0\) \{\n.*\n  process\.exit\(1\);\n\}/);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.typecheck).toBe('node scripts/typecheck.mjs');
  });

  it('every allowance names a file of src/ and a rule the scan has', () => {
    const rules = new Set(BAD.map(([rule]) => rule));
    const srcFiles = tsFiles(join(root, 'src')).map((f) => f.slice(root.length + 1));
    expect(srcFiles.length).toBeGreaterThan(50);
    for (const a of CT_ALLOWED) {
      expect(srcFiles, a.file).toContain(a.file);
      expect(rules.has(a.rule), a.rule).toBe(true);
      expect(a.reason.length).toBeGreaterThan(20);
    }
  });

  it('checkSource reports findings in src/ that are not allowed, and stale allowances', () => {
    const allowed = [
      { file: 'src/bytes-element-loop.ts', rule: 'bytes-element-loop', reason: 'fixture' },
      { file: 'src/gone.ts', rule: 'buffer-compare', reason: 'fixture' },
    ];
    expect(checkSource(fixtures(), fakeRoot, allowed)).toEqual([
      'src/buffer-compare.ts:9 [buffer-compare] Buffer.compare(tag, expectedTag)',
      'stale allowance: src/gone.ts [buffer-compare] has no such finding',
    ]);
    expect(checkSource(fixtures(), fakeRoot, [...allowed.slice(0, 1), { file: 'src/buffer-compare.ts', rule: 'buffer-compare', reason: 'fixture' }])).toEqual([]);
    const elsewhere = ts.sys.resolvePath(join(dir, 'elsewhere'));
    expect(checkSource(fixtures(), elsewhere, allowed)).toEqual([`no file of ${elsewhere}/src/ in the program`]);
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
