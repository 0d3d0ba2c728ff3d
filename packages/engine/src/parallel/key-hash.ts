import { compileKey } from '../expr/index.js';
import type { Event } from '../runtime/operator.js';
import { mix } from '../sources/prng.js';

/**
 * murmur3's 32-bit mixing over a string's UTF-16 code units, one unit per block (seed 0). The
 * partition of a key must not
 * change between runs, hosts or restarts, so it is a fixed function of the key's text, not of
 * anything in memory.
 */
export function murmur3(text: string): number {
  let h = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return mix(h ^ n);
}

/**
 * The instance (0..n-1) an event goes to: the hash of its key, the text the keyed operator's key
 * expressions give (compileKey, as cep.pattern keys), mod n. An event whose key cannot be computed
 * goes to instance 0, whose operator then reports it as the single instance would.
 */
export function keyRouter(key: readonly string[], n: number): (event: Event) => number {
  const keyOf = compileKey(key);
  return (event) => {
    let text: string;
    try {
      text = keyOf(event);
    } catch {
      return 0;
    }
    return murmur3(text) % n;
  };
}
