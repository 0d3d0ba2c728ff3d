import { describe, expect, test } from 'vitest';
import { planStateCarryOver } from './state-carry-over.js';
import { editParams as edit, windowPipeline } from './test-docs.js';

describe('planStateCarryOver', () => {
  test('a filter changed downstream of a window: every stateful node keeps its state', () => {
    const before = windowPipeline();
    expect(planStateCarryOver(before, edit(before, 'hot', { condition: 'count > 9' }))).toEqual([
      { node: 'ts', kind: 'time.assign-timestamps', fate: 'kept' },
      { node: 'win', kind: 'window.tumbling', fate: 'kept' },
    ]);
  });

  test('the window size changed: its state is dropped, and the reason names the param', () => {
    const before = windowPipeline();
    expect(planStateCarryOver(before, edit(before, 'win', { sizeMs: 10_000 }))).toContainEqual({
      node: 'win',
      kind: 'window.tumbling',
      fate: 'dropped',
      reason: 'state-relevant params changed: sizeMs 5000 -> 10000',
    });
  });

  test('early firing is not state-relevant; the key is', () => {
    const before = windowPipeline();
    const early = planStateCarryOver(before, edit(before, 'win', { earlyFireMs: 1000 }));
    expect(early.find((f) => f.node === 'win')?.fate).toBe('kept');
    const rekeyed = planStateCarryOver(before, edit(before, 'win', { keyBy: ['room'] }));
    expect(rekeyed.find((f) => f.node === 'win')).toMatchObject({ fate: 'dropped' });
  });

  test('a running aggregate keeps its totals through a TTL change, not through a new aggregation', () => {
    const before = windowPipeline();
    const win = before.nodes.find((n) => n.id === 'win');
    if (win) Object.assign(win, { kind: 'window.running', params: { keyBy: ['room'] } });
    const ttl = planStateCarryOver(before, edit(before, 'win', { stateTtlMs: 60_000 }));
    expect(ttl.find((f) => f.node === 'win')?.fate).toBe('kept');
    const sum = edit(before, 'win', { aggregations: [{ name: 'total', fn: 'sum', field: 'temp' }] });
    expect(planStateCarryOver(before, sum).find((f) => f.node === 'win')).toMatchObject({ fate: 'dropped' });
  });

  test('a new stateful node starts empty; a kind change drops', () => {
    const before = windowPipeline();
    const after = structuredClone(before);
    after.nodes.push({ id: 'dd', kind: 'transform.dedupe', params: {} });
    const win = after.nodes.find((n) => n.id === 'win');
    if (win) win.kind = 'window.sliding';
    const plan = planStateCarryOver(before, after);
    expect(plan.find((f) => f.node === 'dd')).toEqual({ node: 'dd', kind: 'transform.dedupe', fate: 'new' });
    expect(plan.find((f) => f.node === 'win')).toMatchObject({
      fate: 'dropped',
      reason: 'kind changed from window.tumbling',
    });
  });
});
