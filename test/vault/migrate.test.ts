// In-place migration of a plaintext NeDB / JSON-lines folder (Insomnia's layout) into a vault:
// dry run changes nothing, NeDB semantics (last line wins, $$deleted, $$indexCreated), resuming
// after a crash between the commit and the file's removal, and malformed input refused before any
// file is touched. The SIGKILL version is in crash.test.ts.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hash } from '../../src/backend/node/hash.js';
import { migrateFolder, MIGRATION_COLLECTION } from '../../src/vault/migrate.js';
import { createMemoryStore } from '../../src/vault/memory-store.js';
import { errorCode, zkvaultErrorOf } from '../helpers/errors.js';
import { nedbExpected, nedbFolder } from './crash-model.js';
import { dec, enc, tempDir, testVault } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('zkvault-migrate-');
  for (const [name, text] of nedbFolder(3, 10)) writeFileSync(join(tmp.dir, name), text);
  writeFileSync(join(tmp.dir, 'insomnia.Request.db'), '{"$$indexCreated":{"fieldName":"parentId"}}\n{"_id":"req_1","url":"https://a"}\n');
  writeFileSync(join(tmp.dir, 'notes.txt'), 'not a store file');
});
afterEach(() => tmp.cleanup());

describe('migrateFolder', () => {
  it('dry run counts and changes nothing', async () => {
    const v = await testVault(createMemoryStore());
    const before = readdirSync(tmp.dir);
    const r = await migrateFolder(tmp.dir, v, { dryRun: true });
    expect(r).toEqual({ dryRun: true, files: 4, records: 3 * 9 + 1, bytes: expect.any(Number) as number, resumed: 0 });
    expect(readdirSync(tmp.dir)).toEqual(before);
    expect(v.count).toBe(0);
    await v.close();
  });

  it('encrypts every document in place, with NeDB semantics, and removes the plaintext files', async () => {
    const v = await testVault(createMemoryStore());
    const r = await migrateFolder(tmp.dir, v);
    expect(r).toMatchObject({ dryRun: false, files: 4, records: 28, resumed: 0 });
    expect(readdirSync(tmp.dir)).toEqual(['notes.txt']);
    for (const [k, json] of nedbExpected(3, 10)) expect(dec(await v.get(k))).toBe(json);
    expect(dec(await v.get('Request/req_1'))).toBe('{"_id":"req_1","url":"https://a"}');
    expect(await v.get('Type0/doc_0_1')).toBeUndefined(); // $$deleted
    let n = 0;
    for await (const e of v.list({ collection: 'Type1' })) n += e.key.startsWith('Type1/') ? 1 : 0;
    expect(n).toBe(9);
    // A second run finds nothing left to do.
    expect(await migrateFolder(tmp.dir, v)).toMatchObject({ files: 0, records: 0, resumed: 0 });
    await v.close();
  });

  it('resumes: a file committed before a crash (marker present, file still there) is only removed', async () => {
    const v = await testVault(createMemoryStore());
    const name = 'insomnia.Type0.db';
    const text = nedbFolder(3, 10).get(name)!;
    // The state a crash leaves between the commit and the unlink: the marker holds the file's hash.
    await v.put(`${MIGRATION_COLLECTION}/${name}`, hash.digest('SHA-256', enc(text)), { collection: MIGRATION_COLLECTION });
    const r = await migrateFolder(tmp.dir, v);
    expect(r).toMatchObject({ files: 3, resumed: 1 });
    expect(existsSync(join(tmp.dir, name))).toBe(false);
    // A file changed since its marker was written is migrated again, not skipped.
    writeFileSync(join(tmp.dir, name), '{"_id":"doc_0_0","n":"changed"}\n');
    expect(await migrateFolder(tmp.dir, v)).toMatchObject({ files: 1, resumed: 0 });
    expect(dec(await v.get('Type0/doc_0_0'))).toBe('{"_id":"doc_0_0","n":"changed"}');
    await v.close();
  });

  it('refuses a malformed line with INVALID_RECORD, leaving that file and the ones after it untouched', async () => {
    writeFileSync(join(tmp.dir, 'insomnia.Type1.db'), '{"_id":"ok"}\n{"_id": truncated');
    const v = await testVault(createMemoryStore());
    expect(await errorCode(migrateFolder(tmp.dir, v))).toBe('INVALID_RECORD');
    expect(existsSync(join(tmp.dir, 'insomnia.Type1.db'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'insomnia.Type2.db'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'insomnia.Request.db'))).toBe(false); // sorted before Type1: done
    expect(await errorCode(migrateFolder(tmp.dir, v, { dryRun: 'yes' } as never))).toBe('INVALID_INPUT');
    expect(await errorCode(migrateFolder(tmp.dir, {} as never))).toBe('INVALID_INPUT');
    await v.close();
  });

  it('a missing folder, or a file given as the folder, is INVALID_INPUT naming "folder", never the path', async () => {
    const v = await testVault(createMemoryStore());
    for (const folder of [join(tmp.dir, 'missing'), join(tmp.dir, 'notes.txt')]) {
      for (const dryRun of [true, false]) {
        const e = await zkvaultErrorOf(migrateFolder(folder, v, { dryRun }));
        expect(e.code).toBe('INVALID_INPUT');
        expect(e.message).toMatch(/^"folder" is not a readable folder \((ENOENT|ENOTDIR)\)$/);
        expect(e.message).not.toContain(tmp.dir);
        expect(e.cause).toBeUndefined();
      }
    }
    expect(v.count).toBe(0);
    await v.close();
  });
});
