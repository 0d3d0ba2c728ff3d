import { describe, expect, it } from 'vitest';
import { typedNode } from './typed-node.js';

describe('typedNode', () => {
  it("fills the kind's defaults from the catalog", () => {
    const node = typedNode('join.interval-join', { id: 'j', kind: 'join.interval-join', params: {} });
    expect(node.params.lowerBoundMs).toBe(-5000);
    expect(node.params.upperBoundMs).toBe(5000);
    expect(node.params.leftKey).toEqual(['key']);
  });

  it('keeps the params given and the rest of the node', () => {
    const inputs = { in: { schema: { fields: {}, open: true }, key: ['k'], eventTime: true } };
    const node = typedNode('window.tumbling', {
      id: 'w',
      kind: 'window.tumbling',
      params: { sizeMs: 10 },
      inputs,
    });
    expect(node.params).toMatchObject({ sizeMs: 10, offsetMs: 0, keyBy: [], timeMode: 'event' });
    expect(node.inputs).toBe(inputs);
  });

  it('names the node and the parameter when params do not fit the kind', () => {
    expect(() =>
      typedNode('window.tumbling', { id: 'w', kind: 'window.tumbling', params: { sizeMs: 0 } }),
    ).toThrow('node w (window.tumbling): params.sizeMs: must be at least 1 ms');
  });
});
