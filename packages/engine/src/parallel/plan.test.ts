import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../test/helpers.js';
import { PARTIAL_EVENTS } from './partial-aggregates.js';
import { planParallel, resolveParallelism } from './plan.js';

const example = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../../examples', name), 'utf8'));

describe('planParallel', () => {
  it('cuts Nexmark q5 at every re-key and gathers into the sink', () => {
    const plan = planParallel(example('nexmark/q5.json'), 2);
    expect(plan.stages.map((s) => [s.nodes, s.parallelism])).toEqual([
      [['nexmark', 'event-time', 'bids'], 2],
      [['bids-per-auction'], 2],
      [['hottest', 'project'], 2],
      [['hot-items'], 1],
    ]);
    expect(plan.exchanges.map((x) => [x.edge.source, x.edge.target, x.route])).toEqual([
      ['bids', 'bids-per-auction', { type: 'hash', key: ['auction'] }],
      ['bids-per-auction', 'hottest', { type: 'hash', key: ['window_end'] }],
      ['project', 'hot-items', { type: 'gather' }],
    ]);
    // Each source instance counts its bids per auction and 2 s pane before they cross (local-global
    // aggregation): a partial holds the key and the count under the count's name.
    expect(plan.exchanges[0]?.combine).toEqual({
      type: 'window',
      paneMs: 2000,
      offsetMs: 0,
      key: ['auction'],
      aggregations: [{ fn: 'count', name: 'num' }],
    });
    expect(plan.exchanges[0]?.fields).toEqual(['auction', 'num', PARTIAL_EVENTS]);
    // Each sliding instance sends only its own top auctions (ties too) of each sliding window, which
    // is one window_end: a keyed local top-N. The top-N emits whole events: they cross whole.
    expect(plan.exchanges[1]?.combine).toEqual({
      type: 'top-n',
      sizeMs: 2000,
      offsetMs: 0,
      orderBy: 'num',
      descending: true,
      n: 1,
      withTies: true,
      key: ['window_end'],
    });
    expect(plan.exchanges[1]?.fields).toBeUndefined();
  });

  it('routes each side of a join by its own key, whole events (q8)', () => {
    const plan = planParallel(example('nexmark/q8.json'), 2);
    const join = plan.exchanges.filter((x) => x.edge.target === 'new-sellers');
    expect(join.map((x) => [x.edge.targetPort, x.route, x.fields, x.combine])).toEqual([
      ['left', { type: 'hash', key: ['id'] }, undefined, undefined],
      ['right', { type: 'hash', key: ['seller'] }, undefined, undefined],
    ]);
  });

  it('pre-aggregates only what a partial can stand for', () => {
    const doc = (window: Record<string, unknown>, latePort = false) =>
      pipeline(
        [
          { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
          { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
          {
            id: 'win',
            kind: 'window.sliding',
            params: { sizeMs: 3000, slideMs: 2000, keyBy: ['sensor'], ...window },
          },
          { id: 'out', kind: 'sink.table' },
          ...(latePort ? [{ id: 'late', kind: 'sink.table' }] : []),
        ],
        ['src->ts', 'ts->win', 'win->out', ...(latePort ? ['win.late->late'] : [])],
      );
    const combineOf = (d: unknown) => planParallel(d, 2).exchanges[0]?.combine;
    const sum = { fn: 'sum', field: 'temperature', name: 'total' };
    // Panes of gcd(3000, 2000) ms: the events of one fall in the same windows.
    expect(combineOf(doc({ aggregations: [sum] }))).toEqual({
      type: 'window',
      paneMs: 1000,
      offsetMs: 0,
      key: ['sensor'],
      aggregations: [sum],
    });
    // An average, a condition, early firing, processing time or a late port: the window needs the events.
    expect(
      combineOf(doc({ aggregations: [{ fn: 'avg', field: 'temperature', name: 'a' }] })),
    ).toBeUndefined();
    expect(combineOf(doc({ aggregations: [{ ...sum, where: 'temperature > 0' }] }))).toBeUndefined();
    expect(combineOf(doc({ aggregations: [sum], earlyFireMs: 500 }))).toBeUndefined();
    expect(combineOf(doc({ aggregations: [sum], timeMode: 'processing' }))).toBeUndefined();
    expect(combineOf(doc({ aggregations: [sum] }, true))).toBeUndefined();
    // Two parts would need the same field of a partial.
    expect(
      combineOf(doc({ aggregations: [sum, { fn: 'max', field: 'temperature', name: 'hottest' }] })),
    ).toBeUndefined();
  });

  it('pre-aggregates before a keyed session window of counts and sums, and not before one that needs the events', () => {
    const doc = (window: Record<string, unknown>) =>
      pipeline(
        [
          { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
          { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
          { id: 'win', kind: 'window.session', params: { keyBy: ['sensor'], gapMs: 5000, ...window } },
          { id: 'out', kind: 'sink.table' },
        ],
        ['src->ts', 'ts->win', 'win->out'],
      );
    const count = { fn: 'count', name: 'n' };
    const sum = { fn: 'sum', field: 'temperature', name: 'total' };
    const x = planParallel(doc({ aggregations: [count, sum] }), 2).exchanges[0];
    expect(x?.combine).toEqual({ type: 'session', gapMs: 5000, key: ['sensor'], aggregations: [count, sum] });
    // It sends the partials' fields: the key, the parts and the events they stand for.
    expect(x?.fields).toEqual(['sensor', 'n', 'temperature', PARTIAL_EVENTS]);
    const combineOf = (w: Record<string, unknown>) => planParallel(doc(w), 2).exchanges[0]?.combine;
    // An average, a dynamic gap, early firing or processing time: the window needs the events.
    expect(combineOf({ aggregations: [{ fn: 'avg', field: 'temperature', name: 'a' }] })).toBeUndefined();
    expect(combineOf({ aggregations: [count], dynamicGap: 'humidity > 50 ? 1000 : 0' })).toBeUndefined();
    expect(combineOf({ aggregations: [count], earlyFireMs: 500 })).toBeUndefined();
    expect(combineOf({ aggregations: [count], timeMode: 'processing' })).toBeUndefined();
  });

  it('sends a session only the fields it reads, and whole events when its dynamicGap reads more', () => {
    const doc = (dynamicGap?: string) =>
      pipeline(
        [
          { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
          { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
          {
            id: 'win',
            kind: 'window.session',
            params: {
              keyBy: ['sensor'],
              aggregations: [{ fn: 'avg', field: 'temperature', name: 'a' }],
              ...(dynamicGap ? { dynamicGap } : {}),
            },
          },
          { id: 'out', kind: 'sink.table' },
        ],
        ['src->ts', 'ts->win', 'win->out'],
      );
    expect(planParallel(doc(), 2).exchanges[0]?.fields).toEqual(['sensor', 'temperature']);
    expect(planParallel(doc('humidity > 50 ? 1000 : 0'), 2).exchanges[0]?.fields).toBeUndefined();
  });

  it("sends a max_by its by field too, which the row's value is picked by", () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
        { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
        {
          id: 'win',
          kind: 'window.session',
          params: {
            keyBy: ['sensor'],
            aggregations: [{ fn: 'max_by', field: 'ts', by: 'temperature', name: 'hottest_at' }],
          },
        },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->ts', 'ts->win', 'win->out'],
    );
    expect(planParallel(doc, 2).exchanges[0]?.fields).toEqual(['sensor', 'temperature', 'ts']);
  });

  it('keeps an unkeyed top-N single, with a local top-N before the gather (q7)', () => {
    const plan = planParallel(example('nexmark/q7.json'), 4);
    const highest = plan.stages.find((s) => s.nodes.includes('highest'));
    expect(highest?.parallelism).toBe(1);
    expect(highest?.nodes).toEqual(['highest', 'project', 'highest-bids']);
    expect(plan.exchanges.map((x) => x.route.type)).toEqual(['gather']);
    // Each instance keeps its own top 1 per window and sends only that (local-global top-N).
    expect(plan.exchanges[0]?.combine).toEqual({
      type: 'top-n',
      sizeMs: 10_000,
      offsetMs: 0,
      orderBy: 'price',
      descending: true,
      n: 1,
      withTies: true,
      key: [],
    });
  });

  it('keys a window by the fields a key-by set upstream', () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
        { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
        { id: 'key', kind: 'transform.key-by', params: { fields: ['sensor'] } },
        { id: 'win', kind: 'window.tumbling', params: { sizeMs: 1000 } },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->ts', 'ts->key', 'key->win', 'win->out'],
    );
    const plan = planParallel(doc, 3);
    expect(plan.exchanges[0]?.route).toEqual({ type: 'hash', key: ['sensor'] });
    expect(plan.stages[0]?.nodes).toEqual(['src', 'ts', 'key']);
  });

  it('keeps sources a host replaces (they cannot be split) in one instance', () => {
    const plan = planParallel(example('nexmark/q11.json'), 2, { unsplittable: new Set(['nexmark']) });
    expect(plan.stages[0]?.parallelism).toBe(1);
    expect(plan.stages[1]).toMatchObject({ nodes: ['sessions', 'project'], parallelism: 2 });
  });

  it('plans one stage with everything at parallelism 1', () => {
    const plan = planParallel(example('nexmark/q5.json'), 1);
    expect(plan.stages).toHaveLength(1);
    expect(plan.exchanges).toEqual([]);
  });

  it('resolves "auto" to the cores and an absent setting to 1', () => {
    const doc = example('nexmark/q5.json');
    expect(resolveParallelism(doc, 8)).toBe(1);
    expect(resolveParallelism({ ...doc, settings: { ...doc.settings, parallelism: 'auto' } }, 8)).toBe(8);
    expect(resolveParallelism({ ...doc, settings: { ...doc.settings, parallelism: 3 } }, 8)).toBe(3);
    // "auto" never asks for more than a document may (a run's progress cells are sized for it).
    expect(resolveParallelism({ ...doc, settings: { ...doc.settings, parallelism: 'auto' } }, 128)).toBe(64);
  });
});
