import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

const map = (fields: { name: string; expr: string }[], keepInput = false) =>
  harness('transform.map', { fields, keepInput });

describe('transform.map', () => {
  it('builds events of the projected fields only', () => {
    const h = map([
      { name: 'id', expr: 'sensor' },
      { name: 'f', expr: 'temperature * 1.8 + 32' },
    ]);
    h.op.processBatch('in', [{ sensor: 's1', temperature: 100, humidity: 3 }], [5]);
    expect(h.events('out')).toEqual([{ id: 's1', f: 212 }]);
    expect(h.times('out')).toEqual([5]);
  });

  it('keeps the input fields beside the new ones when asked, new ones winning', () => {
    const h = map([{ name: 'temperature', expr: 'temperature + 1' }], true);
    const input = { sensor: 's1', temperature: 20 };
    h.op.processBatch('in', [input], [0]);
    expect(h.events('out')).toEqual([{ sensor: 's1', temperature: 21 }]);
    expect(input).toEqual({ sensor: 's1', temperature: 20 });
  });

  it('routes an event whose expression fails to the error port', () => {
    const h = map([{ name: 'r', expr: 'a / b' }]);
    h.op.processBatch(
      'in',
      [
        { a: 1, b: 0 },
        { a: 6, b: 3 },
      ],
      [1, 2],
    );
    expect(h.events('out')).toEqual([{ r: 2 }]);
    expect(h.errors).toBe(1);
    expect(h.events('error')[0]).toMatchObject({ a: 1, b: 0 });
  });
});
