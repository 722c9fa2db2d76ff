/** CSPRNG in browsers and other runtimes: WebCrypto getRandomValues (65536 bytes per call at most). @module */
import { ZkvaultError } from '../../errors.js';
import type { RandomBackend } from '../types.js';

export const random: RandomBackend = {
  name: 'web',
  randomBytes(length: number): Uint8Array {
    const c = globalThis.crypto;
    if (c === undefined || typeof c.getRandomValues !== 'function') {
      throw new ZkvaultError('UNSUPPORTED', 'zkvault: no crypto.getRandomValues on this platform');
    }
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 65536) c.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
    return out;
  },
};
