import { describe, expect, it } from 'vitest';
import { seal, unseal } from './checksummed.js';

const payload = JSON.stringify({ run: 'r-1', snapshot: { n: 42, text: 'héllo ✓' } });

describe('checksummed envelope', () => {
  it('gives back the payload it sealed', () => {
    expect(unseal(seal(payload))).toEqual({ ok: true, payload });
    expect(unseal(seal(''))).toEqual({ ok: true, payload: '' });
  });

  it('refuses every truncation, down to the empty file', () => {
    const sealed = seal(payload);
    for (let n = 0; n < sealed.length; n++)
      expect(unseal(sealed.subarray(0, n)).ok, `cut at ${n}`).toBe(false);
    expect(unseal(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty file' });
  });

  it('refuses every single flipped bit, in the header or the payload', () => {
    const sealed = seal(payload);
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const damaged = Buffer.from(sealed);
      damaged[bit >> 3]! ^= 1 << (bit & 7);
      expect(unseal(damaged).ok, `bit ${bit}`).toBe(false);
    }
  });

  it('names what is wrong', () => {
    const sealed = seal(payload);
    expect(unseal(sealed.subarray(0, sealed.length - 3))).toEqual({
      ok: false,
      reason: `${Buffer.byteLength(payload) - 3} bytes where the header says ${Buffer.byteLength(payload)}`,
    });
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 4;
    expect(unseal(flipped)).toEqual({ ok: false, reason: 'checksum mismatch' });
    expect(unseal(Buffer.from(payload))).toEqual({ ok: false, reason: 'no valid checksum header' });
    expect(unseal(Buffer.concat([sealed, Buffer.from('x')])).ok).toBe(false);
  });
});
