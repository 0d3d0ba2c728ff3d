/**
 * Random access pseudo-random numbers: draw(seed, index, salt) is a pure function, so a generator
 * can rebuild any event from its index (checkpoints store indexes, not generator state).
 * The mixer is the murmur3 32-bit finalizer applied over the three inputs.
 */
/** murmur3's 32-bit finalizer (fmix32): also the last step of the parallel key hash. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) for (seed, index, salt). */
export function draw(seed: number, index: number, salt: number): number {
  // Indexes reach beyond 2^32 in long runs: fold the high part in separately.
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  let h = mix((seed ^ 0x9e3779b9) >>> 0);
  h = mix((h ^ lo) >>> 0);
  h = mix((h ^ Math.imul(hi, 0x27d4eb2d) ^ Math.imul(salt + 1, 0x165667b1)) >>> 0);
  return h / 4294967296;
}

/** An integer in [0, n). */
export function drawInt(seed: number, index: number, salt: number, n: number): number {
  return Math.floor(draw(seed, index, salt) * n);
}

/** A 32-bit seed for the sequential draws of event `index` (see EventRandom). */
export function seedOf(seed: number, index: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  return mix((mix((seed ^ 0x7f4a7c15) >>> 0) ^ lo ^ Math.imul(hi, 0x27d4eb2d)) >>> 0);
}

/**
 * Sequential draws for one event (mulberry32), reseeded per event by seedOf(seed, index): an event
 * with many random fields costs one mix plus a few multiplies per field, and stays a pure function
 * of (seed, index).
 */
export class EventRandom {
  private s = 0;

  reset(seed: number): void {
    this.s = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
