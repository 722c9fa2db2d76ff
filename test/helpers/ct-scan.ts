// Static constant-time check (issue 19): finds comparisons of bytes, or of text made from bytes, that
// are not done with the constant-time `equalBytes` of src/bytes. A functional test cannot tell
// `Buffer.compare(M1, expected)` from `equalBytes(M1, expected)`; this scan can. It uses the
// TypeScript type checker, so "bytes" means an expression whose type is Uint8Array, Buffer,
// ArrayBuffer or ArrayBufferView, not a guess from its name.
//
// Rules (each finding names one):
// - buffer-compare: `Buffer.compare(...)`, or `.compare(...)` on bytes (early exit, and ordering leaks);
// - bytes-equals: `.equals(...)` on bytes (Buffer#equals is memcmp, not constant time);
// - timing-safe-equal: node's `timingSafeEqual` (throws on a length mismatch, node-only): use equalBytes;
// - bytes-eq-operator: `===`, `!==`, `==`, `!=` with bytes on either side (compares identity, not content),
//   except against `null` / `undefined`;
// - bytes-element-loop: `a[i] === b[i]` with both sides elements of byte arrays (a hand-written early-exit loop);
// - secret-text-eq: `===` etc. on text made from bytes (`toHex(x)`, `toBase64url(x)`, `.toString('hex')`) or
//   on a `string` named as a tag, MAC, commitment, proof or digest (`tagHex`, `expectedMac`, `m1`), unless
//   the other side is a string literal (a public constant: no MAC is compared with a literal);
// - bytes-search: `indexOf`, `lastIndexOf`, `includes`, `findIndex`, `find`, `some`, `every`, `startsWith`,
//   `endsWith`, `localeCompare` on such bytes or text, or with bytes or such text as an argument.
import ts from 'typescript';

export interface CtFinding {
  rule: string;
  file: string;
  line: number;
  text: string;
}

const BYTE_TYPES = new Set(['Uint8Array', 'Buffer', 'ArrayBuffer', 'ArrayBufferView', 'SharedArrayBuffer']);
const SEARCH_METHODS = new Set(['indexOf', 'lastIndexOf', 'includes', 'findIndex', 'find', 'some', 'every', 'startsWith', 'endsWith', 'localeCompare']);
const TEXT_ENCODERS = /^(toHex|toBase64url|toBase64|bytesToHex|bytesToBase64|hexEncode)$/;
const TEXT_ENCODINGS = new Set(['hex', 'base64', 'base64url', 'latin1', 'binary']);
// Words of an identifier (camelCase / snake_case split) that name an authenticator.
const SECRET_WORDS = new Set(['tag', 'tags', 'mac', 'macs', 'hmac', 'commit', 'commitment', 'proof', 'proofs', 'digest', 'm1', 'm2', 'checksum', 'authenticator']);
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function words(name: string): string[] {
  return name
    .replace(/^#/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '');
}

function nameOf(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e) || ts.isPrivateIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) return nameOf(e.expression);
  return undefined;
}

function calleeName(c: ts.CallExpression): string | undefined {
  return nameOf(c.expression);
}

/**
 * Findings allowed where they are, with the reason (src/ paths from the package root). Keep this short:
 * everything else must use equalBytes.
 */
export const CT_ALLOWED: readonly { file: string; rule: string; reason: string }[] = [
  { file: 'src/cli/suite.ts', rule: 'bytes-search', reason: '`zkvault vectors` compares known-answer outputs with public test vectors' },
  { file: 'src/cli/suites/insomnia.ts', rule: 'secret-text-eq', reason: 'known-answer check of Insomnia SRP values (M1, M2) from a public vector file' },
  { file: 'src/backend/ed25519-strict.ts', rule: 'bytes-element-loop', reason: 'canonical-encoding check of a public key against the public constant p (RFC 8032): nothing secret' },
  { file: 'src/model/login-server.ts', rule: 'secret-text-eq', reason: "ServerLogin.fromJSON binds the server's own state to the account id and stored record: identity, salt and group are public values" },
];

/**
 * The check of src/ (run by scripts/typecheck.mjs on its own program, whose checker has already
 * resolved every type): scans every file of `program` under `<root>/src/` and returns one line per
 * finding that CT_ALLOWED does not allow, and per allowance no finding needs any more (a stale one
 * would hide a new finding in that file). Empty means src/ passes.
 */
export function checkSource(program: ts.Program, root: string, allowed: typeof CT_ALLOWED = CT_ALLOWED): string[] {
  const prefix = `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  const files = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.startsWith(`${prefix}src/`) && !f.endsWith('.d.ts'));
  if (files.length === 0) return [`no file of ${prefix}src/ in the program`];
  const found = scanProgram(program, files).map((f) => ({ ...f, file: f.file.slice(prefix.length) }));
  const isAllowed = (f: CtFinding): boolean => allowed.some((a) => a.file === f.file && a.rule === f.rule);
  return [
    ...found.filter((f) => !isAllowed(f)).map((f) => `${f.file}:${f.line} [${f.rule}] ${f.text}`),
    ...allowed.filter((a) => !found.some((f) => f.file === a.file && f.rule === a.rule)).map((a) => `stale allowance: ${a.file} [${a.rule}] has no such finding`),
  ];
}

/**
 * A program over `files` with the project's compiler options (from tsconfig.json), for scanning. JSDoc
 * is parsed only where a type error could depend on it, as `tsc` does: the scan never reads it.
 */
export function createScanProgram(files: readonly string[], tsconfigPath: string): ts.Program {
  const cfg = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (cfg === undefined) throw new Error(`cannot read ${tsconfigPath}`);
  const options = { ...cfg.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return ts.createProgram({ rootNames: files, options, host });
}

/** Scans `files` with a program of their own (createScanProgram). */
export function scanConstantTime(files: readonly string[], tsconfigPath: string): CtFinding[] {
  return scanProgram(createScanProgram(files, tsconfigPath), files);
}

/** Scans `files` (paths as the program names them) with `program`'s checker. */
export function scanProgram(program: ts.Program, files: readonly string[]): CtFinding[] {
  const checker = program.getTypeChecker();
  const findings: CtFinding[] = [];

  const isBytesType = (t: ts.Type): boolean => {
    const parts = t.isUnion() ? t.types : [t];
    return parts.some((p) => {
      const name = p.getSymbol()?.getName() ?? p.aliasSymbol?.getName();
      if (name !== undefined && BYTE_TYPES.has(name)) return true;
      return p.isClassOrInterface() && checker.getBaseTypes(p as ts.InterfaceType).some(isBytesType);
    });
  };
  const isBytes = (e: ts.Expression): boolean => isBytesType(checker.getTypeAtLocation(e));
  // Plain `string` only: a union of string literals ('srp6a' | 'rfc2945') is an option name, not text.
  const isStringType = (e: ts.Expression): boolean => {
    const t = checker.getTypeAtLocation(e);
    return (t.isUnion() ? t.types : [t]).every((p) => (p.flags & ts.TypeFlags.String) !== 0);
  };
  /** Text made from bytes, or a string named as an authenticator. */
  const isSecretText = (e: ts.Expression): boolean => {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) return isSecretText(e.expression);
    if (ts.isCallExpression(e)) {
      const callee = calleeName(e);
      if (callee !== undefined && TEXT_ENCODERS.test(callee)) return true;
      if (callee === 'toString' && ts.isPropertyAccessExpression(e.expression)) {
        const arg = e.arguments[0];
        if (arg !== undefined && ts.isStringLiteralLike(arg) && TEXT_ENCODINGS.has(arg.text)) return true;
      }
      return false;
    }
    const name = nameOf(e);
    return name !== undefined && isStringType(e) && words(name).some((w) => SECRET_WORDS.has(w));
  };
  const isNullish = (e: ts.Expression): boolean =>
    e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e);
  const isByteElement = (e: ts.Expression): boolean => {
    const x = ts.isNonNullExpression(e) ? e.expression : e;
    return ts.isElementAccessExpression(x) && isBytes(x.expression);
  };

  for (const sf of program.getSourceFiles()) {
    if (!files.includes(sf.fileName)) continue;
    const report = (rule: string, node: ts.Node): void => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      findings.push({ rule, file: sf.fileName, line: line + 1, text: node.getText(sf).slice(0, 120) });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === 'timingSafeEqual' && !ts.isImportSpecifier(node.parent)) {
        report('timing-safe-equal', node);
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const target = node.expression.expression;
        if (method === 'compare' && ((ts.isIdentifier(target) && target.text === 'Buffer') || isBytes(target))) {
          report('buffer-compare', node);
        } else if (method === 'equals' && isBytes(target)) {
          report('bytes-equals', node);
        } else if (SEARCH_METHODS.has(method) && [target, ...node.arguments].some((a) => isBytes(a) || isSecretText(a))) {
          report('bytes-search', node);
        }
      } else if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
        const { left, right } = node;
        if (isByteElement(left) && isByteElement(right)) {
          report('bytes-element-loop', node);
        } else if (!isNullish(left) && !isNullish(right) && (isBytes(left) || isBytes(right))) {
          report('bytes-eq-operator', node);
        } else if (!ts.isStringLiteralLike(left) && !ts.isStringLiteralLike(right) && (isSecretText(left) || isSecretText(right))) {
          // Against a literal it is a check of a public constant (an RSA exponent), never of a MAC.
          report('secret-text-eq', node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return findings;
}
