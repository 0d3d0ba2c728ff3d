import { defaultParams, GENERATOR_FIELDS, GENERATOR_PRESETS } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { typedNode } from '../compiler/typed-node.js';
import type { Source } from '../host.js';
import { ChunkClaims } from '../parallel/chunk-claims.js';
import type { Event } from '../runtime/operator.js';
import { createGeneratorSource } from './generator.js';

const key = (e: Event) => JSON.stringify(e);

const gen = (params: Record<string, unknown>) =>
  createGeneratorSource(
    typedNode('source.generator', {
      id: 'g',
      kind: 'source.generator',
      params: { ...defaultParams('source.generator'), pacing: 'max', ...params },
    }),
  );

function drain(source: Source, batch = 100): Event[] {
  const out: Event[] = [];
  for (;;) {
    const r = source.poll(batch, 0);
    out.push(...r.events);
    if (r.ended) return out;
  }
}

describe('source.generator', () => {
  it('emits the fields of each preset', () => {
    for (const preset of GENERATOR_PRESETS) {
      if (preset === 'nexmark') continue; // three event types: nexmark.test.ts
      const [event] = gen({ preset, limit: 1 }).poll(1, 0).events;
      expect(Object.keys(event ?? {}).sort()).toEqual(Object.keys(GENERATOR_FIELDS[preset]).sort());
      for (const [field, type] of Object.entries(GENERATOR_FIELDS[preset]))
        expect(typeof event?.[field], `${preset}.${field}`).toBe(type);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = drain(gen({ preset: 'trades', limit: 500, seed: 7 }));
    const b = drain(gen({ preset: 'trades', limit: 500, seed: 7 }), 13);
    const c = drain(gen({ preset: 'trades', limit: 500, seed: 8 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives event i the time startTime + floor(i * 1000 / ratePerSec), in order without disorder', () => {
    const events = drain(gen({ limit: 5, ratePerSec: 3, startTime: 1000 }));
    expect(events.map((e) => e.ts)).toEqual([1000, 1333, 1666, 2000, 2333]);
  });

  it('ends after limit events', () => {
    const source = gen({ limit: 250 });
    expect(source.poll(200, 0)).toMatchObject({ ended: false });
    const last = source.poll(200, 0);
    expect(last.events).toHaveLength(50);
    expect(last.ended).toBe(true);
    expect(source.poll(200, 0)).toEqual({ events: [], ended: true });
  });

  it('logins: type is "fail" at about failureRate, else "success"', () => {
    const events = drain(gen({ preset: 'logins', limit: 10_000, failureRate: 0.25 }));
    const fails = events.filter((e) => e.type === 'fail').length;
    expect(events.every((e) => e.type === 'fail' || e.type === 'success')).toBe(true);
    expect(fails / events.length).toBeGreaterThan(0.23);
    expect(fails / events.length).toBeLessThan(0.27);
  });

  it('draws keys from keyCardinality keys', () => {
    const events = drain(gen({ preset: 'logins', limit: 2000, keyCardinality: 17 }));
    expect(new Set(events.map((e) => e.user)).size).toBe(17);
  });

  it('shuffles arrival within maxOutOfOrdernessMs: no event arrives maxOutOfOrderness behind the max seen', () => {
    const events = drain(gen({ limit: 5000, ratePerSec: 1000, maxOutOfOrdernessMs: 50, seed: 3 }));
    const times = events.map((e) => e.ts as number);
    expect(times.slice().sort((x, y) => x - y)).toEqual(
      Array.from({ length: 5000 }, (_, i) => 1_700_000_000_000 + i),
    );
    let max = Number.NEGATIVE_INFINITY;
    let disordered = 0;
    for (const t of times) {
      expect(t).toBeGreaterThan(max - 50);
      if (t < max) disordered++;
      max = Math.max(max, t);
    }
    expect(disordered).toBeGreaterThan(1000); // really out of order
  });

  it('restores from an offset to exactly the rest of the stream, held-back events included', () => {
    const params = { limit: 3000, ratePerSec: 500, maxOutOfOrdernessMs: 40, seed: 11 };
    const whole = drain(gen(params));
    const first = gen(params);
    const head = first.poll(1234, 0).events;
    const offset = JSON.parse(JSON.stringify(first.offset()));
    expect(offset.held.length).toBeGreaterThan(0);
    const second = gen(params);
    second.restore(offset);
    expect([...head, ...drain(second)]).toEqual(whole);
  });

  it('paces at ratePerSec of the clock in realtime mode', () => {
    const source = gen({ pacing: 'realtime', ratePerSec: 10, limit: 100 });
    expect(source.poll(100, 50_000).events).toHaveLength(1); // the first event right away
    expect(source.poll(100, 50_050).events).toHaveLength(0);
    expect(source.poll(100, 50_100).events).toHaveLength(1);
    expect(source.poll(100, 51_000).events).toHaveLength(9);
    expect(source.poll(5, 60_000).events).toHaveLength(5); // capped by the batch
  });
});

describe('a generator split into parallel instances', () => {
  it('makes, over its splits, exactly the events of one generator, each split in arrival order', () => {
    const params = {
      ...defaultParams('source.generator'),
      preset: 'nexmark',
      limit: 1003,
      pacing: 'max',
      maxOutOfOrdernessMs: 300,
      seed: 9,
    };
    const node = typedNode('source.generator', { id: 'g', kind: 'source.generator', params });
    const drain = (split?: { index: number; count: number }) => {
      const source = createGeneratorSource(node, split);
      const out: unknown[] = [];
      for (;;) {
        const r = source.poll(64, 0);
        out.push(...r.events);
        if (r.ended) return out;
      }
    };
    const whole = drain().map((e) => JSON.stringify(e));
    const parts = [0, 1, 2].map((index) => drain({ index, count: 3 }).map((e) => JSON.stringify(e)));
    // Blocks of 50 indexes, dealt round: 20 whole blocks and 3 more events.
    expect(parts.map((p) => p.length)).toEqual([350, 350, 303]);
    expect(parts.flat().sort()).toEqual([...whole].sort());
    // Each split keeps the relative order the whole generator gives its events.
    for (const part of parts) {
      const mine = new Set(part);
      expect(whole.filter((e) => mine.has(e))).toEqual(part);
    }
  });

  /** A Nexmark generator at full speed with disorder, the one generator and two instances on shared chunks. */
  const onDemand = (limit: number, seed: number) => {
    const params = {
      ...defaultParams('source.generator'),
      preset: 'nexmark',
      limit,
      pacing: 'max',
      maxOutOfOrdernessMs: 300,
      seed,
    };
    const node = typedNode('source.generator', { id: 'g', kind: 'source.generator', params });
    const pair = () => {
      const claims = new ChunkClaims(['g'], 2);
      return [0, 1].map((index) =>
        createGeneratorSource(node, { index, count: 2, claimer: claims.claimer('g', index)! }),
      ) as [Source, Source];
    };
    return { whole: drain(createGeneratorSource(node)), pair };
  };

  it('at pacing max takes chunks on demand: the instance polled more makes more, and together they make one generator', () => {
    const { whole, pair } = onDemand(100_003, 9);
    const [fast, slow] = pair();
    const made: Event[][] = [[], []];
    let ended = 0;
    while (ended < 2) {
      ended = 0;
      // Three polls of one for each of the other: a worker three times as fast.
      for (const [k, source] of [fast, fast, fast, slow].entries()) {
        const r = source.poll(64, 0);
        made[k === 3 ? 1 : 0]?.push(...r.events);
      }
      if (fast.poll(0, 0).ended) ended++;
      if (slow.poll(0, 0).ended) ended++;
    }
    // Fixed splits would give each half; chunks taken on demand give the fast one most of them.
    expect(made[0]!.length).toBeGreaterThan(2 * made[1]!.length);
    expect([...made[0]!, ...made[1]!].map(key).sort()).toEqual(whole.map(key).sort());
  });

  it('on demand, shares out a short input too: chunks shrink so that each instance takes several', () => {
    const { whole, pair } = onDemand(4_000, 2);
    const [a, b] = pair();
    const made: Event[][] = [[], []];
    for (let done = 0; done < 2; ) {
      done = 0;
      for (const [k, s] of [a, b].entries()) {
        const r = s.poll(50, 0);
        made[k]?.push(...r.events);
        if (r.ended) done++;
      }
    }
    // Chunks of 10,000 would leave every event to the instance polled first.
    expect(Math.min(made[0]!.length, made[1]!.length)).toBeGreaterThan(1_000);
    expect([...made[0]!, ...made[1]!].map(key).sort()).toEqual(whole.map(key).sort());
  });

  it('on demand, restores from parts taken at one barrier to exactly the rest of the events', () => {
    const { whole, pair } = onDemand(80_000, 4);
    const [a, b] = pair();
    const before: Event[] = [];
    for (let r = 0; r < 10; r++) before.push(...a.poll(1000, 0).events);
    before.push(...b.poll(1000, 0).events);
    // a passes the barrier first and then runs on; it takes no chunk until b has passed it too.
    const partA = JSON.parse(JSON.stringify(a.offset())) as unknown;
    let stalled = false;
    for (let r = 0; r < 20; r++) {
      const got = a.poll(1000, 0).events;
      if (got.length === 0) stalled = true;
    }
    expect(stalled, 'a waits for a chunk while b has the barrier to pass').toBe(true);
    before.push(...b.poll(100, 0).events);
    const partB = JSON.parse(JSON.stringify(b.offset())) as unknown;
    // Restored from the two parts, on fresh cells.
    const [a2, b2] = pair();
    a2.restore(partA);
    b2.restore(partB);
    const after: Event[] = [];
    for (let done = 0; done < 2; ) {
      done = 0;
      for (const s of [a2, b2]) {
        const r = s.poll(100, 0);
        after.push(...r.events);
        if (r.ended) done++;
      }
    }
    expect([...before, ...after].map(key).sort()).toEqual(whole.map(key).sort());
  });

  it('on demand, refuses parts that number their indexes otherwise: fixed splits, or chunks of another size', () => {
    const [a] = onDemand(80_000, 4).pair();
    a.poll(1000, 0);
    const part = JSON.parse(JSON.stringify(a.offset())) as { chunk: number };
    // The limit sets the chunk size of a short input: 4,000 events make chunks of 250.
    const [short] = onDemand(4_000, 4).pair();
    expect(() => short.restore(part)).toThrow(
      `g: the checkpoint's generator chunks are of ${part.chunk} events, this run's of 250 (was the limit changed?); start the run afresh`,
    );
    const fixed = createGeneratorSource(
      typedNode('source.generator', {
        id: 'g',
        kind: 'source.generator',
        params: { ...defaultParams('source.generator'), limit: 80_000 },
      }),
      { index: 0, count: 2 },
    );
    fixed.poll(100, 0);
    const [b] = onDemand(80_000, 4).pair();
    expect(() => b.restore(JSON.parse(JSON.stringify(fixed.offset())))).toThrow(/from fixed splits/);
  });

  it("gives every split Nexmark's mix of persons, auctions and bids, so no split runs slower", () => {
    const params = { ...defaultParams('source.generator'), preset: 'nexmark', limit: 10_000, pacing: 'max' };
    const node = typedNode('source.generator', { id: 'g', kind: 'source.generator', params });
    const mix = (index: number) => {
      const source = createGeneratorSource(node, { index, count: 2 });
      const types = new Map<unknown, number>();
      for (let r = source.poll(10_000, 0); ; r = source.poll(10_000, 0)) {
        for (const e of r.events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
        if (r.ended) return Object.fromEntries(types);
      }
    };
    // 1 : 3 : 46 of 5,000 events each; split by index mod 2, one split would have all 200 persons.
    expect(mix(0)).toEqual({ person: 100, auction: 300, bid: 4600 });
    expect(mix(1)).toEqual({ person: 100, auction: 300, bid: 4600 });
  });
});
