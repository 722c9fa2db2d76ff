// migrateFolder when the file system refuses a file inside the folder (a file it cannot read, a
// folder it cannot remove from). Root ignores file modes, so node:fs is made to fail here instead:
// each failure must be INVALID_INPUT naming "folder", with the system's code and never the path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrateFolder, MIGRATION_COLLECTION } from '../../src/vault/migrate.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import { zkvaultErrorOf } from '../helpers/errors.js';
import { tempDir, testVault } from './helpers.js';

const fail = vi.hoisted(() => ({ read: '', unlink: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const refuse = (code: string, path: string): never => {
    throw Object.assign(new Error(`${code}: permission denied, open '${path}'`), { code, path });
  };
  return {
    ...fs,
    readFileSync: ((path: string, ...rest: never[]) => (fail.read !== '' && String(path).endsWith(fail.read) ? refuse('EACCES', path) : fs.readFileSync(path, ...rest))) as typeof fs.readFileSync,
    unlinkSync: ((path: string) => (fail.unlink !== '' && String(path).endsWith(fail.unlink) ? refuse('EPERM', path) : fs.unlinkSync(path))) as typeof fs.unlinkSync,
  };
});

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('zkvault-migrate-fs-');
  writeFileSync(join(tmp.dir, 'insomnia.A.db'), '{"_id":"a_1"}\n');
  writeFileSync(join(tmp.dir, 'insomnia.B.db'), '{"_id":"b_1"}\n');
});
afterEach(() => {
  fail.read = '';
  fail.unlink = '';
  tmp.cleanup();
});

describe('migrateFolder: file system refusals', () => {
  it('an unreadable file is INVALID_INPUT naming "folder" and the file; nothing after it is touched', async () => {
    fail.read = 'insomnia.B.db';
    const v = await testVault(createMemoryStore());
    const e = await zkvaultErrorOf(migrateFolder(tmp.dir, v));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('"folder" holds insomnia.B.db, which cannot be read (EACCES)');
    expect(e.cause).toBeUndefined();
    expect(await v.get('A/a_1')).toBeDefined(); // sorted before B: done
    expect(await v.get('B/b_1')).toBeUndefined();
    await v.close();
  });

  it('a file that cannot be removed is INVALID_INPUT; its documents are committed and a rerun only removes it', async () => {
    fail.unlink = 'insomnia.A.db';
    const v = await testVault(createMemoryStore());
    const e = await zkvaultErrorOf(migrateFolder(tmp.dir, v));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/^"folder" holds insomnia\.A\.db, which is in the vault now but cannot be removed: .* \(EPERM\)$/);
    expect(e.message).not.toContain(tmp.dir);
    expect(await v.get(`${MIGRATION_COLLECTION}/insomnia.A.db`)).toBeDefined();
    fail.unlink = '';
    expect(await migrateFolder(tmp.dir, v)).toMatchObject({ files: 1, resumed: 1 });
    await v.close();
  });
});
