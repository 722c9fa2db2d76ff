/**
 * Local storage on the web backend: none. Browsers keep a vault in IndexedDB
 * (`openIndexedDbStore` in `zkvault/vault`); SQLite files and folder migrations are Node only.
 * @module
 */
import { ZkvaultError } from '../../errors.js';
import type { LocalFiles, LocalStoreBackend, SqliteConnection } from '../types.js';

function unsupported(): never {
  throw new ZkvaultError('UNSUPPORTED', 'zkvault: SQLite files and folder migration need Node (use the IndexedDB store in browsers)');
}

const files: LocalFiles = { list: unsupported, read: unsupported, remove: unsupported, join: unsupported };

export const localstore: LocalStoreBackend = {
  name: 'web',
  openSqlite(): SqliteConnection {
    return unsupported();
  },
  files,
};
