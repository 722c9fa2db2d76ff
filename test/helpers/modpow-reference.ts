// An independent modular exponentiation for checking the modpow backends against.

/** @returns b^e mod m by right-to-left binary exponentiation (square and multiply), independent of both backends. */
export function reference(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
