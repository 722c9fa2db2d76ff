/** CSPRNG on Node: node:crypto randomFillSync (OpenSSL). @module */
import { randomFillSync } from 'node:crypto';
import type { RandomBackend } from '../types.js';

export const random: RandomBackend = {
  name: 'node',
  randomBytes(length: number): Uint8Array {
    return randomFillSync(new Uint8Array(length));
  },
};
