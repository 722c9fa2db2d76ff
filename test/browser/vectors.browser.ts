// Every `zkvault vectors` suite (RFC 5054/5869/6070/7748/7914/9180, GCM spec, Wycheproof, Insomnia,
// golden) in a real browser on the web backend: WebCrypto, @noble and BigInt, with the backend
// families the browser resolves. Vector files come from vectors/ through Vite, unchanged.
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../src/cli/vectors.js';
import type { SuiteContext } from '../../src/cli/suite.js';

declare global {
  // Vite's import.meta.glob, typed here to keep vite/client types out of the test tsconfig.
  interface ImportMeta {
    glob<T>(pattern: string, options: { query: string; import: string }): Record<string, () => Promise<T>>;
  }
}

const files = import.meta.glob<string>('../../vectors/**/*.json', { query: '?raw', import: 'default' });

const ctx: SuiteContext = {
  slow: false,
  async readText(file: string): Promise<string> {
    const load = files[`../../vectors/${file}`];
    if (load === undefined) throw new Error(`no vector file ${file}`);
    return load();
  },
};

describe('vector suites in the browser (web backend)', () => {
  it('runs in a secure context with WebCrypto', () => {
    console.info(`[browser] ${navigator.userAgent}`);
    expect(globalThis.isSecureContext).toBe(true);
    expect(typeof globalThis.crypto.subtle.importKey).toBe('function');
  });

  it.each(SUITES.map((s) => ({ name: s.name, s })))('$name passes', async ({ s }) => {
    const r = await s.run(ctx);
    console.info(`[browser vectors] ${r.suite}: ${r.passed}/${r.vectors} passed, ${r.failed} failed, skipped slow=${r.skipped.slow} rejected=${r.skipped.rejected}`);
    expect(r.failures).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.passed).toBeGreaterThan(0);
    expect(r.passed + r.skipped.slow + r.skipped.rejected).toBe(r.vectors);
  });
});
