import { describe, expect, it } from 'vitest';
import { mergeDeclaredFields } from './declared-fields';

describe('mergeDeclaredFields', () => {
  it('adds the peeked fields not yet declared, keeps the user’s types, skips the topic field', () => {
    expect(
      mergeDeclaredFields(
        [{ name: 'temp', type: 'any' }, { bogus: true }],
        [
          { name: 'sensor', type: 'string' },
          { name: 'temp', type: 'number' },
          { name: 'topic', type: 'string' },
        ],
        ['topic'],
      ),
    ).toEqual({
      fields: [
        { name: 'temp', type: 'any' },
        { name: 'sensor', type: 'string' },
      ],
      added: [{ name: 'sensor', type: 'string' }],
    });
  });
});
