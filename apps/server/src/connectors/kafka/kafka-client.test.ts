import { describe, expect, it } from 'vitest';
import { allListed } from './kafka-client.js';

describe('after an "unknown topic or partition" answer (it also comes while partitions move)', () => {
  it('a connector fails only when the topic is no longer listed; a cluster that cannot be asked counts as still there', async () => {
    expect(await allListed(async () => ['a', 'b'], ['a'])).toBe(true);
    expect(await allListed(async () => ['a', 'b'], ['a', 'b'])).toBe(true);
    expect(await allListed(async () => ['b'], ['a', 'b'])).toBe(false);
    expect(
      await allListed(async () => {
        throw new Error('connect ECONNREFUSED');
      }, ['a']),
    ).toBe(true);
  });
});
