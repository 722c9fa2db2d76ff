// The X25519 backends cache per private-key array (node: the imported KeyObject and public key;
// web: the public key). A caller that overwrites its array in place must get results for the new
// key, never the cached ones (issue 19: the cache's content check had no test).
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';

describe.each(BACKENDS)('$name backend', (deps) => {
  it('publicKey and sharedSecret follow a private-key array that is overwritten in place', () => {
    const x = deps.x25519;
    const sk = new Uint8Array(32).fill(1);
    const peer = x.publicKey(new Uint8Array(32).fill(2));
    const pub1 = x.publicKey(sk);
    const shared1 = x.sharedSecret(sk, peer);
    expect(x.publicKey(sk)).toEqual(pub1); // cached hit, same key
    sk.fill(3);
    const fresh = new Uint8Array(32).fill(3);
    expect(x.publicKey(sk)).toEqual(x.publicKey(fresh));
    expect(x.publicKey(sk)).not.toEqual(pub1);
    expect(x.sharedSecret(sk, peer)).toEqual(x.sharedSecret(fresh, peer));
    expect(x.sharedSecret(sk, peer)).not.toEqual(shared1);
  });

  it('returns a copy of the cached public key', () => {
    const sk = new Uint8Array(32).fill(4);
    const pub = deps.x25519.publicKey(sk);
    pub.fill(0);
    expect(deps.x25519.publicKey(sk)).not.toEqual(pub);
  });
});
