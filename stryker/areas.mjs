// Mutation-testing areas (issue 19): each mutates the security-critical files of one feature and runs
// only the test files that exercise them. Order = priority when time is short (most critical first;
// backends, run early, sits after the areas that were still to run).
// The passphrase policy, group-log rules and streaming envelope have joined, then links v2 and the
// vault (issue 19, round 2).
export const AREAS = [
  {
    name: 'envelope',
    mutate: ['src/envelope/api.ts', 'src/envelope/envelope-key.ts'],
    tests: ['test/envelope', 'test/adversary/envelope-commitment.test.ts', 'test/adversary/nonce-budget.test.ts'],
  },
  {
    name: 'srp',
    // All of srp.ts: parameter, secret and public-value checks, client and server steps, and the
    // stored server state (toJSON / fromJSON, rewritten by issue 10).
    mutate: ['src/srp/srp.ts'],
    tests: ['test/srp/srp.test.ts', 'test/srp/golden.test.ts', 'test/srp/server-state.test.ts', 'test/srp/refusals.test.ts'],
  },
  {
    name: 'hpke',
    mutate: ['src/hpke/hpke.ts', 'src/hpke/context.ts', 'src/hpke/dhkem.ts', 'src/hpke/labeled.ts', 'src/hpke/index.ts'],
    tests: ['test/hpke'],
  },
  {
    name: 'keys',
    mutate: ['src/keys/states.ts', 'src/keys/wrap.ts', 'src/keys/names.ts'],
    tests: ['test/keys', 'test/model/flows.test.ts', 'test/adversary/account.test.ts'],
  },
  {
    name: 'insomnia-aes',
    mutate: ['src/compat/insomnia/aes.ts'],
    tests: ['test/compat/insomnia-aes.test.ts', 'test/compat/insomnia-aes-refusals.test.ts', 'test/compat/insomnia-vectors.test.ts', 'test/compat/insomnia-interop.test.ts'],
  },
  {
    name: 'policy',
    // The passphrase policy (issue 11): every passphrase path checks the server's parameters here.
    mutate: ['src/model/policy.ts'],
    tests: ['test/model/policy.test.ts', 'test/model/policy-refusals.test.ts', 'test/adversary/kdf-downgrade.test.ts'],
  },
  {
    name: 'grouplog',
    // The group log verifier rules (issue 13): decoding, signatures, chain, membership and roles.
    mutate: ['src/model/grouplog/*.ts', '!src/model/grouplog/index.ts'],
    tests: ['test/model/group-log.test.ts', 'test/model/group-log-golden.test.ts', 'test/model/group-log-encoding-refusals.test.ts', 'test/model/group-log-rules.test.ts', 'test/model/group-log-held-refusals.test.ts', 'test/model/group-log-members-refusals.test.ts', 'test/model/group-log-state-refusals.test.ts', 'test/adversary/group-log.test.ts', 'test/adversary/pq-group-policy.test.ts'],
  },
  {
    name: 'stream',
    // The streaming envelope (issue 9). Not stream-memory.test.ts: it measures heap, not outcomes.
    // event-loop.test.ts holds the stream's pacing tests (moved from stream.test.ts in issue 13, round 5).
    mutate: ['src/envelope/stream.ts', 'src/envelope/stream-api.ts'],
    tests: ['test/envelope/stream.test.ts', 'test/envelope/event-loop.test.ts', 'test/envelope/stream-refusals.test.ts', 'test/envelope/stream-golden.test.ts', 'test/adversary/resource-stream.test.ts', 'test/adversary/stream-commitment.test.ts'],
  },
  {
    name: 'links-v2',
    // Post-quantum links (X-Wing): the v2 link shape, its signature and recipient checks, the group
    // PQ policy, and the account's X-Wing certificate and key record (its seeded-key steps are
    // shared with PRV_Sign: account-seeded-key.ts).
    mutate: ['src/model/links-v2.ts', 'src/model/account-xwing.ts', 'src/model/account-seeded-key.ts'],
    // golden.test.ts: its account records pin the PRV_XWing context (the AAD under which it is locked).
    tests: [
      'test/model/pq-links.test.ts',
      'test/model/links-v2-golden.test.ts',
      'test/model/links-v2-refusals.test.ts',
      'test/model/seeded-key.test.ts',
      'test/model/golden.test.ts',
      'test/adversary/pq-links.test.ts',
      'test/adversary/xwing-certificate-cache.test.ts',
      'test/adversary/pq-group-policy.test.ts',
    ],
  },
  {
    name: 'vault',
    // The local vault (issue 16): file format and its checks, unlock, the vault's own checks and the
    // migration. Not crash.test.ts or cli-verify.test.ts: they bundle src/ into child processes
    // (the mutant would not be the one running) and take minutes each. Not property.test.ts: its
    // row-tamper property takes 4 s of the area's 9 and reruns for nearly every mutant of vault.ts
    // (a run with it did not fit the shared machine); adversary/vault.test.ts and the refusal
    // file check the same tampering case by case.
    mutate: ['src/vault/format.ts', 'src/vault/unlock.ts', 'src/vault/vault.ts', 'src/vault/migrate.ts'],
    tests: ['test/vault/vault.test.ts', 'test/vault/migrate.test.ts', 'test/vault/vault-refusals.test.ts', 'test/vault/vault-bookkeeping.test.ts', 'test/adversary/vault.test.ts'],
  },
  {
    name: 'srp-protocol',
    // Not interop.test.ts: the peer libraries add minutes per surviving mutant, and the RFC 5054 and
    // golden vectors pin every value they check.
    mutate: ['src/srp/protocol.ts', 'src/srp/bigint.ts', 'src/srp/groups.ts'],
    tests: ['test/srp/vectors.test.ts', 'test/srp/golden.test.ts', 'test/srp/srp.test.ts', 'test/srp/modpow.test.ts', 'test/srp/protocol-units.test.ts'],
  },
  {
    name: 'backends',
    mutate: ['src/backend/node/x25519.ts', 'src/backend/web/x25519.ts', 'src/backend/node/aead.ts', 'src/backend/web/aead.ts', 'src/aead/aes-gcm.ts'],
    tests: ['test/aead', 'test/hpke/x25519.test.ts', 'test/hpke/x25519-zero.test.ts', 'test/hpke/x25519-cache.test.ts'],
  },
  {
    name: 'model',
    mutate: ['src/model/context.ts', 'src/model/groups.ts', 'src/model/records.ts', 'src/model/resources.ts'],
    // The refusal tests of the four files (each check alone, code and message), the encoding and
    // golden files, and the adversary tests of links, resources and context binding. Not the group
    // log, links v2, policy or signing key files (their own areas; they reach these files only
    // through fixtures), not the PGlite server tests or the bad-values matrix (minutes per surviving
    // mutant), and, to fit the shared 2-core machine, not flows.test.ts (5 s), properties.test.ts
    // (13 s), backends.test.ts or adversary/account.test.ts (logins, 2.6 s): every mutant they reach
    // here is also reached by the files below.
    tests: [
      'test/model/records-refusals.test.ts',
      'test/model/groups-refusals.test.ts',
      'test/model/encoding.test.ts',
      'test/model/golden.test.ts',
      'test/adversary/links.test.ts',
      'test/adversary/resources.test.ts',
      'test/adversary/replay.test.ts',
      'test/adversary/resource-stream.test.ts',
      'test/adversary/prototype-keys.test.ts',
    ],
  },
];
