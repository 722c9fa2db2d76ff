/**
 * `openVault`: an encrypted key-value and collection store over a {@link VaultStore} (format:
 * docs/formats.md, "Vault v1"; threat model: docs/threat-model.md, "11. Device"). Every record is a v1
 * envelope whose AAD binds the vault id, the record's keyed-hash id, its collection and its
 * version; record keys are stored only as HMACs, so the file shows counts and sizes. An
 * authenticated header holds a monotonic commit counter and an accumulator over every row, so
 * dropped, added, swapped or replayed rows are found when the vault opens, and a whole-file
 * rollback is found against an anchor the app keeps.
 * @module
 */
import { random } from '#backend/random';
import { ainteger, aobject, copyBytes, equalBytes, fromBase64url, isBytes, toBase64url, toHex, utf8ToBytes, wipe, bytesToUtf8 } from '../bytes/index.js';
import { EnvelopeKey } from '../envelope/envelope-key.js';
import { envelopeKey } from '../envelope/api.js';
import { invalidInput, ZkvaultError } from '../errors.js';
import { encodeContext, isWellFormedString } from '../model/context.js';
import { apolicy, DEFAULT_PASSPHRASE_POLICY, type PassphrasePolicy } from '../model/policy.js';
import {
  accAdd,
  canonicalUnlock,
  encodeHeader,
  encodeState,
  joinRecord,
  parseHeader,
  parseState,
  splitRecord,
  u64,
  VAULT_PURPOSE,
  versionFields,
  type Header,
  type State,
} from './format.js';
import type { VaultRow, VaultStore } from './store.js';
import { checkUnlock, deriveKek, hmacKey, subkey, unlockParamsFor, VAULT_KEY_LENGTH, type CheckedUnlock, type VaultUnlock } from './unlock.js';

/** Longest record key, in UTF-16 code units (longer: `TOO_LARGE`). */
export const VAULT_MAX_KEY_LENGTH = 1024;
/** Longest collection name, in UTF-16 code units (longer: `TOO_LARGE`). */
export const VAULT_MAX_COLLECTION_LENGTH = 256;
/** Largest record value, in bytes (larger: `TOO_LARGE`); use the streaming envelope for files. */
export const VAULT_MAX_VALUE_BYTES: number = 16 * 1024 * 1024;
/** Rows per page when scanning: the most a scan holds in memory at once. */
const PAGE = 256;

/**
 * Where the app keeps the vault's last commit counter outside the vault file, so a restored old
 * copy of the file is refused (`ROLLBACK_DETECTED`). Use a store the attacker who can replace the
 * file cannot roll back with it: a TPM or Secure Enclave counter, the OS keychain, a server, or at
 * least a second location. See docs/threat-model.md, "11. Device", for the limits.
 */
export interface VaultAnchor {
  /** @returns the last counter stored for this vault id, or undefined if none. */
  read(vaultId: string): Promise<number | undefined> | number | undefined;
  /** Stores `counter` for this vault id; called after every commit (never with a smaller value). */
  write(vaultId: string, counter: number): Promise<void> | void;
}

/** Options of {@link openVault}. */
export interface OpenVaultOptions {
  /** PBKDF2 iterations when a passphrase vault is created; default 600,000 (the policy floor). */
  readonly iterations?: number;
  /** The passphrase policy; default {@link DEFAULT_PASSPHRASE_POLICY}, the one accounts use. */
  readonly policy?: PassphrasePolicy;
  /** Create the vault if the store is empty; default true. */
  readonly create?: boolean;
  /** The external counter the vault must not be older than; see {@link VaultAnchor}. */
  readonly anchor?: VaultAnchor;
  /**
   * Check every row against the header's accumulator while opening (one HMAC per row, no
   * decryption); default true. Without it, a row replayed from an older version is only found by
   * {@link Vault.verify}.
   */
  readonly scan?: boolean;
}

/** Options of {@link Vault.put} and {@link VaultTransaction.put}. */
export interface VaultPutOptions {
  /** The record's collection (listed by {@link Vault.list}); default `""`. */
  readonly collection?: string;
}

/** Options of {@link Vault.list}. */
export interface VaultListOptions {
  /** Only records of this collection (an index lookup). */
  readonly collection?: string;
  /** Only records whose key starts with this (every candidate is decrypted to read its key). */
  readonly prefix?: string;
}

/** One record, as {@link Vault.list} yields it. */
export interface VaultEntry {
  /** The record key. */
  readonly key: string;
  /** Its collection. */
  readonly collection: string;
  /** Its value (a fresh copy). */
  readonly value: Uint8Array;
}

/** What {@link Vault.verify} found: counts and sizes, never contents. */
export interface VaultVerifyResult {
  /** Rows in the store. */
  readonly records: number;
  /** Bytes of every envelope together. */
  readonly bytes: number;
  /** Rows that did not authenticate (0 for a sound vault). */
  readonly damaged: number;
  /** The commit counter. */
  readonly counter: number;
  /** Whether the rows match the header (count and accumulator) and every row authenticates. */
  readonly ok: boolean;
}

/** What {@link repairVault} did. */
export interface VaultRepairResult {
  /** Rows kept (each one authenticates). */
  readonly kept: number;
  /** Rows removed because they did not authenticate. */
  readonly dropped: number;
  /** The commit counter after the repair. */
  readonly counter: number;
}

/** Options of {@link Vault.rekey}. */
export interface VaultRekeyOptions {
  /** PBKDF2 iterations for a new passphrase; default the policy floor (600,000). */
  readonly iterations?: number;
}

/** Reads and writes inside {@link Vault.transaction}: all the writes commit together, or none. */
export interface VaultTransaction {
  /** @returns the value of `key` as this transaction sees it (its own writes included), or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes `key`. */
  put(key: string, value: Uint8Array, options?: VaultPutOptions): Promise<void>;
  /** Deletes `key`; @returns whether it existed. */
  delete(key: string): Promise<boolean>;
}

interface Keys {
  readonly dek: Uint8Array;
  readonly enc: EnvelopeKey;
  readonly index: (...data: Uint8Array[]) => Uint8Array;
  readonly acc: (...data: Uint8Array[]) => Uint8Array;
  /** ctx("zkvault/v1/vault/record", vault id): the fixed start of every record AAD. */
  readonly recordPrefix: Uint8Array;
}

interface Opened {
  readonly header: Header;
  readonly meta: Uint8Array;
  readonly state: State;
  readonly keys: Keys;
}

interface Pending {
  readonly id: Uint8Array;
  /** The new row, or undefined for a delete. */
  readonly row: VaultRow | undefined;
  readonly value: Uint8Array | undefined;
}

const tooLarge = (what: string, max: number): ZkvaultError => new ZkvaultError('TOO_LARGE', `zkvault: ${what} is over the limit of ${max}`);
const corrupt = (why: string): ZkvaultError => new ZkvaultError('VAULT_CORRUPT', `zkvault: the vault is damaged: ${why}`);

function checkName(value: unknown, name: string, max: number, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0) || !isWellFormedString(value)) {
    throw invalidInput(`"${name}" expected a well-formed${allowEmpty ? '' : ' non-empty'} string`);
  }
  if (value.length > max) throw tooLarge(`"${name}" (length ${value.length})`, max);
  return value;
}

function checkValue(value: unknown): Uint8Array {
  if (!isBytes(value)) throw invalidInput('"value" expected Uint8Array');
  if (value.length > VAULT_MAX_VALUE_BYTES) throw tooLarge(`"value" (${value.length} bytes)`, VAULT_MAX_VALUE_BYTES);
  return value;
}

function collectionOption(options: unknown): string {
  if (options === undefined) return '';
  const c = aobject(options, 'options')['collection'];
  return c === undefined ? '' : checkName(c, 'options.collection', VAULT_MAX_COLLECTION_LENGTH, true);
}

async function makeKeys(dek: Uint8Array, id: string): Promise<Keys> {
  const enc = subkey(dek, VAULT_PURPOSE.enc, id);
  const index = subkey(dek, VAULT_PURPOSE.index, id);
  const acc = subkey(dek, VAULT_PURPOSE.acc, id);
  try {
    return { dek, enc: await envelopeKey(enc), index: hmacKey(index), acc: hmacKey(acc), recordPrefix: encodeContext(VAULT_PURPOSE.record, [id]) };
  } finally {
    wipe(enc, index, acc);
  }
}

const dekAad = (h: Pick<Header, 'id' | 'unlock' | 'appKey'>): Uint8Array =>
  encodeContext(VAULT_PURPOSE.dek, [h.id, canonicalUnlock(h.unlock), h.appKey ? 'app-key' : '']);
const stateAad = (id: string): Uint8Array => encodeContext(VAULT_PURPOSE.state, [id]);
/** The record AAD: ctx(record label, vault id) ‖ field(row.id) ‖ field(row.coll) ‖ u64(version). */
function recordAad(prefix: Uint8Array, row: Pick<VaultRow, 'id' | 'collection' | 'version'>): Uint8Array {
  const out = new Uint8Array(prefix.length + 8 + row.id.length + row.collection.length + 8);
  const v = new DataView(out.buffer);
  out.set(prefix);
  let o = prefix.length;
  v.setUint32(o, row.id.length);
  out.set(row.id, o + 4);
  o += 4 + row.id.length;
  v.setUint32(o, row.collection.length);
  out.set(row.collection, o + 4);
  o += 4 + row.collection.length;
  const [hi, lo] = versionFields(row.version);
  v.setUint32(o, hi);
  v.setUint32(o + 4, lo);
  return out;
}

/**
 * The accumulator element of a row: a MAC over the whole row, so the open scan finds any changed
 * byte without decrypting (one HMAC pass over the file, cheaper than AES-GCM).
 */
function element(keys: Keys, row: VaultRow): Uint8Array {
  return keys.acc(row.id, row.collection, u64(row.version), row.value);
}

async function sealState(keys: Keys, id: string, s: State): Promise<string> {
  return toBase64url(await keys.enc.seal(encodeState(s), { aad: stateAad(id) }));
}

/** Opens the DEK and the state of a header; wrong key: DECRYPT_FAILED. */
async function unlockHeader(meta: Uint8Array, u: CheckedUnlock, policy: PassphrasePolicy): Promise<Opened> {
  const header = parseHeader(meta);
  const kek = await deriveKek(u, header.unlock, header.id, header.appKey, policy);
  let dek: Uint8Array;
  try {
    const k = await envelopeKey(kek);
    try {
      dek = await k.open(fromBase64url(header.dek), { aad: dekAad(header) });
    } finally {
      k.dispose();
    }
  } finally {
    wipe(kek);
  }
  if (dek.length !== VAULT_KEY_LENGTH) throw corrupt('bad data key');
  const keys = await makeKeys(dek, header.id);
  let state: State;
  try {
    state = parseState(await keys.enc.open(fromBase64url(header.state), { aad: stateAad(header.id) }));
  } catch (e) {
    // The key was right (the DEK opened), so a state that fails is damage, not a wrong key.
    keys.enc.dispose();
    wipe(dek);
    throw e instanceof ZkvaultError && e.code === 'VAULT_CORRUPT' ? e : corrupt('the header state does not authenticate');
  }
  return { header, meta, state, keys };
}

async function wrapDek(u: CheckedUnlock, dek: Uint8Array, base: Omit<Header, 'dek' | 'state'>, policy: PassphrasePolicy): Promise<string> {
  const kek = await deriveKek(u, base.unlock, base.id, base.appKey, policy);
  try {
    const k = await envelopeKey(kek);
    try {
      return toBase64url(await k.seal(dek, { aad: dekAad(base) }));
    } finally {
      k.dispose();
    }
  } finally {
    wipe(kek);
  }
}

function newUnlockParams(u: CheckedUnlock, iterations: number) {
  return unlockParamsFor(u, iterations, toBase64url(random.randomBytes(VAULT_KEY_LENGTH)));
}

async function createHeader(store: VaultStore, u: CheckedUnlock, iterations: number, policy: PassphrasePolicy): Promise<Opened> {
  const id = toBase64url(random.randomBytes(16));
  const base = { v: 1 as const, id, unlock: newUnlockParams(u, iterations), appKey: u.appKey !== undefined };
  const dek = random.randomBytes(VAULT_KEY_LENGTH);
  const keys = await makeKeys(dek, id);
  const state: State = { counter: 0, count: 0, acc: new Uint8Array(32) };
  const header: Header = { ...base, dek: await wrapDek(u, dek, base, policy), state: await sealState(keys, id, state) };
  const meta = encodeHeader(header);
  await store.commit({ expectMeta: undefined, meta, put: [], delete: [] });
  return { header, meta, state, keys };
}

/** Streams every row (one page in memory at a time). */
async function* rows(store: VaultStore, collection?: Uint8Array): AsyncGenerator<VaultRow> {
  let after: Uint8Array | undefined;
  for (;;) {
    const page = await store.list({ limit: PAGE, ...(after !== undefined ? { after } : {}), ...(collection !== undefined ? { collection } : {}) });
    for (const r of page) yield r;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.id;
  }
}

/** Count and accumulator of the rows as stored. */
async function scanRows(store: VaultStore, keys: Keys): Promise<{ count: number; acc: Uint8Array }> {
  const acc = new Uint8Array(32);
  let count = 0;
  for await (const r of rows(store)) {
    accAdd(acc, element(keys, r), 1);
    count++;
  }
  return { count, acc };
}

function checkOptions(options: unknown): { iterations: number; policy: PassphrasePolicy; create: boolean; anchor: VaultAnchor | undefined; scan: boolean } {
  const o = options === undefined ? {} : aobject(options, 'options');
  const policy = o['policy'] === undefined ? DEFAULT_PASSPHRASE_POLICY : apolicy(o['policy'], 'options.policy');
  const it = ainteger(o['iterations'] === undefined ? policy.minIterations : o['iterations'], 'options.iterations', 1, 2 ** 32 - 1);
  const anchor = o['anchor'];
  if (anchor !== undefined) {
    const a = aobject(anchor, 'options.anchor');
    if (typeof a['read'] !== 'function' || typeof a['write'] !== 'function') throw invalidInput('"options.anchor" expected read and write functions');
  }
  for (const k of ['create', 'scan']) if (o[k] !== undefined && typeof o[k] !== 'boolean') throw invalidInput(`"options.${k}" expected a boolean`);
  return { iterations: it, policy, create: o['create'] !== false, anchor: anchor as VaultAnchor | undefined, scan: o['scan'] !== false };
}

async function checkAnchor(anchor: VaultAnchor | undefined, id: string, counter: number): Promise<void> {
  if (anchor === undefined) return;
  const last = await anchor.read(id);
  if (last !== undefined && counter < last) {
    throw new ZkvaultError('ROLLBACK_DETECTED', `zkvault: the vault is at commit ${counter}, older than the anchor's ${last} (an old copy was restored)`);
  }
}

let makeVault: (store: VaultStore, o: Opened, anchor: VaultAnchor | undefined, policy: PassphrasePolicy) => Vault;
let repairImpl: (v: Vault) => Promise<VaultRepairResult>;

/**
 * An open vault. Get one from {@link openVault}; close it with {@link Vault.close} (which wipes the keys).
 * Writes are serialised: one commit at a time, each atomic in the store.
 * @example
 * ```ts
 * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
 * import { createMemoryStore, openVault } from 'zkvault/vault';
 *
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const vault = await openVault(createMemoryStore(), { passphrase: 'correct horse' }, { iterations: 1000, policy });
 * await vault.put('Request/req_1', new TextEncoder().encode('{"url":"https://example.com"}'), { collection: 'Request' });
 * for await (const e of vault.list({ collection: 'Request' })) console.log(e.key); // Request/req_1
 * await vault.close();
 * ```
 */
export class Vault {
  /** The vault id (base64url, 16 random bytes), also the key of its anchor. */
  readonly id: string;
  readonly #store: VaultStore;
  readonly #anchor: VaultAnchor | undefined;
  readonly #policy: PassphrasePolicy;
  #o: Opened;
  #lock: Promise<unknown> = Promise.resolve();
  #damaged = false;
  #closed = false;

  static {
    makeVault = (store, o, anchor, policy) => new Vault(store, o, anchor, policy);
    repairImpl = (v) => v.#repair();
  }

  private constructor(store: VaultStore, o: Opened, anchor: VaultAnchor | undefined, policy: PassphrasePolicy) {
    this.id = o.header.id;
    this.#store = store;
    this.#o = o;
    this.#anchor = anchor;
    this.#policy = policy;
  }

  /** The commit counter: +1 on every commit, never down. */
  get counter(): number {
    return this.#o.state.counter;
  }

  /** Records in the vault (from the authenticated header). */
  get count(): number {
    return this.#o.state.count;
  }

  /** `damaged` once a row failed to authenticate: writes are refused (`VAULT_CORRUPT`) until {@link repairVault}. */
  get status(): 'ok' | 'damaged' {
    return this.#damaged ? 'damaged' : 'ok';
  }

  #keys(): Keys {
    if (this.#closed) throw new ZkvaultError('KEY_LOCKED', 'zkvault: the vault is closed');
    return this.#o.keys;
  }

  #id(key: string): Uint8Array {
    return this.#keys().index(new Uint8Array([0]), utf8ToBytes(key));
  }

  #collectionId(c: string): Uint8Array {
    return this.#keys().index(new Uint8Array([1]), utf8ToBytes(c));
  }

  /** Decrypts a row; any failure marks the vault damaged and is the generic DECRYPT_FAILED. */
  async #open(row: VaultRow, expectKey?: string): Promise<VaultEntry> {
    const keys = this.#keys();
    try {
      const pt = await keys.enc.open(row.value, { aad: recordAad(keys.recordPrefix, row) });
      const parts = splitRecord(pt);
      if (parts === undefined) throw corrupt('bad record');
      const key = bytesToUtf8(parts.key);
      const collection = bytesToUtf8(parts.collection);
      // The AAD binds row.id and row.collection, and only the key holder seals, so these checks
      // are defence in depth. A get fetched the row by HMAC(expectKey): comparing the text is enough.
      if (expectKey !== undefined) {
        if (key !== expectKey) throw corrupt('bad record');
      } else if (!equalBytes(this.#id(key), row.id) || !equalBytes(this.#collectionId(collection), row.collection)) throw corrupt('bad record');
      return { key, collection, value: copyBytes(parts.value) };
    } catch (e) {
      if (e instanceof ZkvaultError && e.code === 'KEY_LOCKED') throw e;
      this.#damaged = true;
      throw new ZkvaultError('DECRYPT_FAILED', 'zkvault: decryption failed');
    }
  }

  /**
   * Reads a record.
   * @param key - the record key.
   * @returns its value (a fresh copy), or undefined if there is none.
   * @throws ZkvaultError `DECRYPT_FAILED` if the stored row does not authenticate (swapped,
   *   edited or from another vault; the vault is then `damaged`); `INVALID_INPUT` / `TOO_LARGE`
   *   for a bad key; `KEY_LOCKED` after close.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.put('a', new Uint8Array([1, 2, 3]));
   * console.log(await vault.get('a')); // Uint8Array [1, 2, 3]
   * console.log(await vault.get('b')); // undefined
   * await vault.close();
   * ```
   */
  async get(key: string): Promise<Uint8Array | undefined> {
    checkName(key, 'key', VAULT_MAX_KEY_LENGTH, false);
    const row = await this.#store.get(this.#id(key));
    return row === undefined ? undefined : (await this.#open(row, key)).value;
  }

  /**
   * Writes a record (one atomic commit).
   * @param key - the record key (1..1024 UTF-16 code units).
   * @param value - the value (at most 16 MiB; copied).
   * @param options - {@link VaultPutOptions}.
   * @returns nothing, once the commit is durable.
   * @throws ZkvaultError `TOO_LARGE` for a key, collection or value over its limit;
   *   `INVALID_INPUT` on a bad argument; `VAULT_CORRUPT` while the vault is damaged;
   *   `VAULT_CONFLICT` if another writer changed the store; `KEY_LOCKED` after close.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.put('env/base', new TextEncoder().encode('{"host":"localhost"}'), { collection: 'Environment' });
   * console.log(vault.counter); // 1
   * await vault.close();
   * ```
   */
  put(key: string, value: Uint8Array, options?: VaultPutOptions): Promise<void> {
    return this.transaction((tx) => tx.put(key, value, options));
  }

  /**
   * Deletes a record (one atomic commit).
   * @param key - the record key.
   * @returns whether it existed.
   * @throws ZkvaultError as {@link Vault.put}.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.put('a', new Uint8Array([1]));
   * console.log(await vault.delete('a'), await vault.delete('a')); // true false
   * await vault.close();
   * ```
   */
  delete(key: string): Promise<boolean> {
    return this.transaction((tx) => tx.delete(key));
  }

  /**
   * Lists records, one page of rows in memory at a time (any number of records, bounded memory).
   * By collection it is an index lookup; by prefix every candidate is decrypted to read its key
   * (keys are stored only as keyed hashes), so give the collection too when you can.
   * @param options - {@link VaultListOptions}.
   * @returns an async iterable of entries, in no meaningful order.
   * @throws ZkvaultError `DECRYPT_FAILED` for a row that does not authenticate (the vault is then
   *   `damaged`); `INVALID_INPUT` on a bad option; `KEY_LOCKED` after close.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.put('req/1', new Uint8Array([1]), { collection: 'Request' });
   * await vault.put('req/2', new Uint8Array([2]), { collection: 'Request' });
   * await vault.put('ws/1', new Uint8Array([3]), { collection: 'Workspace' });
   * let n = 0;
   * for await (const e of vault.list({ prefix: 'req/' })) n += e.value.length;
   * console.log(n); // 2
   * await vault.close();
   * ```
   */
  async *list(options?: VaultListOptions): AsyncGenerator<VaultEntry> {
    const o = options === undefined ? {} : aobject(options, 'options');
    const prefix = o['prefix'] === undefined ? undefined : checkName(o['prefix'], 'options.prefix', VAULT_MAX_KEY_LENGTH, true);
    const coll = o['collection'] === undefined ? undefined : this.#collectionId(checkName(o['collection'], 'options.collection', VAULT_MAX_COLLECTION_LENGTH, true));
    this.#keys();
    for await (const row of rows(this.#store, coll)) {
      const e = await this.#open(row);
      if (prefix === undefined || e.key.startsWith(prefix)) yield e;
    }
  }

  /**
   * Runs `fn` with a transaction and commits all its writes at once (atomic: after a crash the
   * store holds all of them or none). Transactions run one at a time. If `fn` throws, nothing is
   * written and the error is rethrown. Inside `fn`, write through `tx` only: calling the vault's
   * own `put`, `delete`, `transaction` or `rekey` there waits for this transaction and never runs.
   * With an anchor, the anchor is written after the commit; if that write fails the commit stands
   * and the error is rethrown.
   * @param fn - reads and writes through the transaction.
   * @returns what `fn` returned, once the commit is durable.
   * @throws ZkvaultError as {@link Vault.put}; whatever `fn` throws.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.transaction(async (tx) => {
   *   await tx.put('workspace/1', new TextEncoder().encode('{"name":"Home"}'), { collection: 'Workspace' });
   *   await tx.put('request/1', new TextEncoder().encode('{"parentId":"workspace/1"}'), { collection: 'Request' });
   * });
   * console.log(vault.count, vault.counter); // 2 1
   * await vault.close();
   * ```
   */
  transaction<T>(fn: (tx: VaultTransaction) => Promise<T> | T): Promise<T> {
    if (typeof fn !== 'function') return Promise.reject(invalidInput('"fn" expected a function'));
    const run = this.#lock.then(() => this.#transaction(fn));
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #writable(): Keys {
    const keys = this.#keys();
    if (this.#damaged) throw corrupt('a record failed to authenticate; run repairVault before writing');
    return keys;
  }

  async #transaction<T>(fn: (tx: VaultTransaction) => Promise<T> | T): Promise<T> {
    const keys = this.#writable();
    const version = this.#o.state.counter + 1;
    const pending = new Map<string, Pending>();
    const tx: VaultTransaction = {
      get: async (key) => {
        checkName(key, 'key', VAULT_MAX_KEY_LENGTH, false);
        const p = pending.get(toHex(this.#id(key)));
        if (p !== undefined) return p.value === undefined ? undefined : copyBytes(p.value);
        return this.get(key);
      },
      put: async (key, value, options) => {
        checkName(key, 'key', VAULT_MAX_KEY_LENGTH, false);
        checkValue(value);
        const collection = collectionOption(options);
        const id = this.#id(key);
        const head = { id, collection: this.#collectionId(collection), version };
        const env = await keys.enc.seal(joinRecord(utf8ToBytes(key), utf8ToBytes(collection), value), { aad: recordAad(keys.recordPrefix, head) });
        pending.set(toHex(id), { id, row: { ...head, value: env }, value: copyBytes(value) });
      },
      delete: async (key) => {
        const existed = (await tx.get(key)) !== undefined;
        const id = this.#id(key);
        pending.set(toHex(id), { id, row: undefined, value: undefined });
        return existed;
      },
    };
    const result = await fn(tx);
    if (pending.size > 0) await this.#commit([...pending.values()], version);
    return result;
  }

  async #commit(pending: readonly Pending[], version: number): Promise<void> {
    const keys = this.#writable();
    const acc = copyBytes(this.#o.state.acc);
    let count = this.#o.state.count;
    for (const p of pending) {
      const old = await this.#store.get(p.id);
      if (old !== undefined) {
        accAdd(acc, element(keys, old), -1);
        count--;
      }
      if (p.row !== undefined) {
        accAdd(acc, element(keys, p.row), 1);
        count++;
      }
    }
    await this.#writeState({ counter: version, count, acc }, this.#o.header, {
      put: pending.flatMap((p) => (p.row === undefined ? [] : [p.row])),
      delete: pending.filter((p) => p.row === undefined).map((p) => p.id),
    });
  }

  /** Seals `state` into `header` and commits it with the given row changes. */
  async #writeState(state: State, header: Omit<Header, 'state'>, changes: { put: readonly VaultRow[]; delete: readonly Uint8Array[] }): Promise<void> {
    const next: Header = { ...header, state: await sealState(this.#o.keys, this.id, state) };
    const meta = encodeHeader(next);
    await this.#store.commit({ expectMeta: this.#o.meta, meta, ...changes });
    this.#o = { ...this.#o, header: next, meta, state };
    await this.#anchor?.write(this.id, state.counter);
  }

  /**
   * Checks the whole vault: every row authenticates and the rows match the header's count and
   * accumulator. Prints nothing and returns no contents.
   * @returns counts and sizes ({@link VaultVerifyResult}).
   * @throws ZkvaultError `KEY_LOCKED` after close; store errors (`VAULT_CORRUPT` from SQLite).
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.put('a', new Uint8Array(10));
   * const r = await vault.verify();
   * console.log(r.ok, r.records, r.bytes); // true 1 <bytes of the envelope>
   * await vault.close();
   * ```
   */
  async verify(): Promise<VaultVerifyResult> {
    const keys = this.#keys();
    const acc = new Uint8Array(32);
    let records = 0;
    let bytes = 0;
    let damaged = 0;
    for await (const row of rows(this.#store)) {
      records++;
      bytes += row.value.length;
      accAdd(acc, element(keys, row), 1);
      try {
        await this.#open(row);
      } catch (e) {
        if (e instanceof ZkvaultError && e.code === 'DECRYPT_FAILED') damaged++;
        else throw e;
      }
    }
    const ok = damaged === 0 && records === this.#o.state.count && equalBytes(acc, this.#o.state.acc);
    if (!ok) this.#damaged = true;
    return { records, bytes, damaged, counter: this.#o.state.counter, ok };
  }

  /**
   * Re-keys the vault: wraps its data key under a new passphrase, account or app key (a passphrase
   * change, an account key rotation, a new keychain entry). One atomic write of the header; no
   * record is rewritten, so no data can be lost. The old key no longer opens the vault.
   * @param unlock - the new key material ({@link VaultUnlock}).
   * @param options - {@link VaultRekeyOptions}.
   * @returns nothing, once the new header is durable.
   * @throws ZkvaultError `INVALID_INPUT` on a bad argument; `KDF_DOWNGRADE` for iterations under
   *   the policy; `VAULT_CORRUPT` while damaged; `KEY_LOCKED` after close.
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const store = createMemoryStore();
   * const vault = await openVault(store, { passphrase: 'old' }, { iterations: 1000, policy });
   * await vault.put('a', new Uint8Array([7]));
   * await vault.rekey({ passphrase: 'new' }, { iterations: 1000 });
   * await vault.close();
   * const again = await openVault(store, { passphrase: 'new' }, { policy });
   * console.log(await again.get('a')); // Uint8Array [7]
   * await again.close();
   * ```
   */
  rekey(unlock: VaultUnlock, options?: VaultRekeyOptions): Promise<void> {
    const run = this.#lock.then(async () => {
      const u = checkUnlock(unlock, 'unlock');
      const o = options === undefined ? {} : aobject(options, 'options');
      // As openVault: `null` and counts above 2^32 - 1 are refused, not taken as the default.
      const it = ainteger(o['iterations'] === undefined ? this.#policy.minIterations : o['iterations'], 'options.iterations', 1, 2 ** 32 - 1);
      this.#writable();
      const base = { v: 1 as const, id: this.id, unlock: newUnlockParams(u, it), appKey: u.appKey !== undefined };
      const dek = await wrapDek(u, this.#o.keys.dek, base, this.#policy);
      const s = this.#o.state;
      await this.#writeState({ ...s, counter: s.counter + 1 }, { ...base, dek }, { put: [], delete: [] });
      if (u.appKey !== undefined) wipe(u.appKey);
    });
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async #repair(): Promise<VaultRepairResult> {
    try {
      const keys = this.#keys();
      const bad: Uint8Array[] = [];
      const acc = new Uint8Array(32);
      let kept = 0;
      for await (const row of rows(this.#store)) {
        try {
          await this.#open(row);
          accAdd(acc, element(keys, row), 1);
          kept++;
        } catch (e) {
          if (!(e instanceof ZkvaultError && e.code === 'DECRYPT_FAILED')) throw e;
          bad.push(row.id);
        }
      }
      this.#damaged = false;
      const counter = this.#o.state.counter + 1;
      await this.#writeState({ counter, count: kept, acc }, this.#o.header, { put: [], delete: bad });
      return { kept, dropped: bad.length, counter };
    } finally {
      await this.close();
    }
  }

  /**
   * Closes the vault: waits for the running commit, wipes the keys and closes the store.
   * @returns nothing.
   * @throws never (a store that fails to close rejects with its own error).
   * @example
   * ```ts
   * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
   * import { createMemoryStore, openVault } from 'zkvault/vault';
   *
   * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
   * const vault = await openVault(createMemoryStore(), { passphrase: 'pw' }, { iterations: 1000, policy });
   * await vault.close();
   * console.log(vault.status); // ok
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#lock;
    this.#closed = true;
    this.#o.keys.enc.dispose();
    wipe(this.#o.keys.dek);
    await this.#store.close();
  }
}

async function openInternal(store: VaultStore, unlock: VaultUnlock, options: unknown, forRepair: boolean): Promise<{ opened: Opened; o: ReturnType<typeof checkOptions> }> {
  if (typeof store !== 'object' || store === null || typeof (store as VaultStore).commit !== 'function') throw invalidInput('"store" expected a VaultStore');
  const u = checkUnlock(unlock, 'unlock');
  const o = checkOptions(options);
  const meta = await store.readMeta();
  let opened: Opened;
  if (meta === undefined) {
    if ((await store.count()) > 0) throw corrupt('records without a header');
    if (!o.create) throw invalidInput('"store" holds no vault and options.create is false');
    opened = await createHeader(store, u, o.iterations, o.policy);
  } else {
    opened = await unlockHeader(meta, u, o.policy);
  }
  try {
    await checkAnchor(o.anchor, opened.header.id, opened.state.counter);
    if (o.scan && !forRepair) {
      const s = await scanRows(store, opened.keys);
      if (s.count !== opened.state.count || !equalBytes(s.acc, opened.state.acc)) {
        throw corrupt('the records do not match the header (rows dropped, added, swapped or replayed)');
      }
    }
  } catch (e) {
    // No vault object will hold the keys: wipe them now.
    opened.keys.enc.dispose();
    wipe(opened.keys.dek);
    throw e;
  }
  if (u.appKey !== undefined) wipe(u.appKey);
  return { opened, o };
}

/**
 * Opens the vault in `store`, creating it if the store is empty. The key comes from a passphrase
 * (PBKDF2-SHA256 under the passphrase policy, like accounts) or from an unlocked account's
 * `SYM_Account` (HKDF under the vault's own label), optionally mixed with an app key (Electron
 * `safeStorage.encryptString` of a random key kept next to the vault, or an OS keychain entry:
 * docs/formats.md, "Vault v1"). While opening, every row is checked against the authenticated
 * header (one HMAC per row, `options.scan`), and the header's counter against `options.anchor`.
 *
 * Security limits: the vault protects data at rest (a stolen disk, other users, malware reading
 * files while the app is locked). It does not protect against code running inside the unlocked
 * app. Without an anchor, restoring an old copy of the whole file is not detected.
 * @param store - the {@link VaultStore} (SQLite, IndexedDB, memory or your own).
 * @param unlock - {@link VaultUnlock}: `{ passphrase }` or `{ account }`, and optionally `appKey`.
 * @param options - {@link OpenVaultOptions}.
 * @returns the open vault.
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong passphrase, account or app key (nothing is
 *   read); `VAULT_CORRUPT` for a damaged header or rows that do not match it (dropped, added,
 *   swapped, replayed), and from the store; `ROLLBACK_DETECTED` if the vault is older than the
 *   anchor; `KDF_DOWNGRADE` / `INVALID_RECORD` for passphrase parameters outside the policy;
 *   `UNSUPPORTED` for a newer format; `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * import { DEFAULT_PASSPHRASE_POLICY, ZkvaultError } from 'zkvault';
 * import { createMemoryStore, openVault } from 'zkvault/vault';
 *
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const store = createMemoryStore();
 * let last = 0; // keep this somewhere the file's attacker cannot roll back (keychain, server)
 * const anchor = { read: () => last, write: (_id: string, n: number) => { last = n; } };
 * const vault = await openVault(store, { passphrase: 'correct horse' }, { iterations: 1000, policy, anchor });
 * await vault.put('token', new TextEncoder().encode('s3cret'));
 * await vault.close();
 * try {
 *   await openVault(store, { passphrase: 'wrong' }, { policy });
 * } catch (e) {
 *   if (!(e instanceof ZkvaultError) || e.code !== 'DECRYPT_FAILED') throw e;
 *   console.log('wrong passphrase');
 * }
 * ```
 */
export async function openVault(store: VaultStore, unlock: VaultUnlock, options?: OpenVaultOptions): Promise<Vault> {
  const { opened, o } = await openInternal(store, unlock, options, false);
  return makeVault(store, opened, o.anchor, o.policy);
}

/**
 * Repairs a damaged vault: removes every row that does not authenticate, then rewrites the header
 * to match the rows that remain (one atomic commit). Run it after `VAULT_CORRUPT` once the user
 * has kept a copy of the file; afterwards {@link openVault} succeeds and writes are allowed again.
 * A row replayed from an older version still authenticates and is kept (it is the newest copy
 * the store holds); damage SQLite itself reports needs a backup.
 * @param store - the store.
 * @param unlock - the vault's key material.
 * @param options - {@link OpenVaultOptions} (`policy`, `anchor`).
 * @returns what was kept and dropped ({@link VaultRepairResult}).
 * @throws ZkvaultError `DECRYPT_FAILED` for a wrong key; `VAULT_CORRUPT` if the header itself is
 *   damaged; `ROLLBACK_DETECTED` as {@link openVault}; `INVALID_INPUT` on a bad argument.
 * @example
 * ```ts
 * import { DEFAULT_PASSPHRASE_POLICY } from 'zkvault';
 * import { createMemoryStore, openVault, repairVault } from 'zkvault/vault';
 *
 * const policy = { ...DEFAULT_PASSPHRASE_POLICY, minIterations: 1000 }; // test strength: keep the default in production
 * const store = createMemoryStore();
 * const vault = await openVault(store, { passphrase: 'pw' }, { iterations: 1000, policy });
 * await vault.put('a', new Uint8Array([1]));
 * await vault.close();
 * const r = await repairVault(store, { passphrase: 'pw' }, { policy });
 * console.log(r.kept, r.dropped); // 1 0
 * ```
 */
export async function repairVault(store: VaultStore, unlock: VaultUnlock, options?: OpenVaultOptions): Promise<VaultRepairResult> {
  const { opened, o } = await openInternal(store, unlock, options, true);
  return repairImpl(makeVault(store, opened, o.anchor, o.policy));
}

