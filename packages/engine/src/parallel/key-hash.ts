import { compileExpression, compileKey } from '../expr/index.js';
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
  for (let i = 0; i < n; i++) h = block(h, text.charCodeAt(i));
  return mix(h ^ n);
}

/** Decimal digits of an integer, least significant first (murmur3Int's scratch: no string built). */
const digits = new Uint8Array(16);

/**
 * murmur3 of String(x) for a safe integer x, computed from its digits without building the text:
 * the same value, so checkpoints keyed by the text hash stay valid, at a fraction of the cost.
 */
export function murmur3Int(x: number): number {
  let h = 0;
  let len = 0;
  if (x < 0) {
    h = block(h, 45); // '-'
    len = 1;
    x = -x;
  }
  let d = 0;
  // Above 2^31 - 1 the digits come from float division; below, from integer division, which the
  // compiler turns into a multiplication (ids are mostly small).
  while (x > 0x7fffffff) {
    const q = Math.floor(x / 10);
    digits[d++] = x - q * 10;
    x = q;
  }
  let y = x | 0;
  do {
    const q = (y / 10) | 0;
    digits[d++] = y - q * 10;
    y = q;
  } while (y > 0);
  len += d;
  while (d > 0) h = block(h, 48 + (digits[--d] as number));
  return mix(h ^ len);
}

/** One UTF-16 code unit through murmur3's block mixing. */
function block(h: number, unit: number): number {
  let k = Math.imul(unit, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * The instance (0..n-1) an event goes to: the hash of its key, the text the keyed operator's key
 * expressions give (compileKey, as cep.pattern keys), mod n. A single key whose value is a string
 * or a safe integer is hashed as that text without building it. An event whose key cannot be
 * computed goes to instance 0, whose operator then reports it as the single instance would.
 */
export function keyRouter(key: readonly string[], n: number): (event: Event) => number {
  const keyOf = compileKey(key);
  const text = (event: Event): number => {
    try {
      return murmur3(keyOf(event)) % n;
    } catch {
      return 0;
    }
  };
  if (key.length !== 1) return text;
  const keyValue = compileExpression(key[0] as string);
  // The instance of recent integer keys, by the key's low bits: hot keys (Nexmark's hot auctions
  // and bidders, any skewed key) skip the hash.
  const memoKeys = new Float64Array(MEMO_SIZE).fill(Number.NaN);
  const memoTo = new Int32Array(MEMO_SIZE);
  return (event) => {
    let x: unknown;
    try {
      x = keyValue(event);
    } catch {
      return 0;
    }
    if (typeof x === 'string') return murmur3(x) % n;
    if (typeof x === 'number' && Number.isSafeInteger(x)) {
      const slot = x & (MEMO_SIZE - 1);
      if (memoKeys[slot] === x) return memoTo[slot] as number;
      const to = murmur3Int(x) % n;
      memoKeys[slot] = x;
      memoTo[slot] = to;
      return to;
    }
    return text(event);
  };
}

/** Slots of a router's memo of integer keys (a power of two). */
const MEMO_SIZE = 4096;
