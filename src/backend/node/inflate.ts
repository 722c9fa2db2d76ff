/**
 * gzip decompression (RFC 1952) on Node: node:zlib `gunzip` with `maxOutputLength`, which stops
 * inflating and fails (ERR_BUFFER_TOO_LARGE) as soon as the output would pass the limit, so a
 * decompression bomb never grows past it. Concatenated gzip members are accepted, as node:zlib does.
 * @module
 */
import { gunzip as zlibGunzip } from 'node:zlib';
import { ZkvaultError } from '../../errors.js';
import type { InflateBackend } from '../types.js';

export const inflate: InflateBackend = {
  name: 'node',
  gunzip(data: Uint8Array, maxOutput: number): Promise<Uint8Array> {
    // node:zlib inflates empty input to empty output; it is not gzip (and the web backend refuses it).
    if (data.length === 0) return Promise.reject(new ZkvaultError('INVALID_RECORD', 'zkvault: data is not valid gzip'));
    return new Promise((resolve, reject) => {
      zlibGunzip(data, { maxOutputLength: Math.max(1, maxOutput) }, (err, out) => {
        if (err === null) {
          // maxOutputLength is "larger than"; an empty limit has to be checked here.
          if (out.length > maxOutput) reject(tooLarge(maxOutput));
          else resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
        } else if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          reject(tooLarge(maxOutput));
        } else {
          reject(new ZkvaultError('INVALID_RECORD', 'zkvault: data is not valid gzip'));
        }
      });
    });
  },
};

function tooLarge(max: number): ZkvaultError {
  return new ZkvaultError('TOO_LARGE', `zkvault: decompressed data exceeds the limit of ${max} bytes`);
}
