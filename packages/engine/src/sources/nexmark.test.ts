import { defaultParams, NEXMARK_FIELDS } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { typedNode } from '../compiler/typed-node.js';
import type { Event } from '../runtime/operator.js';
import { createGeneratorSource } from './generator.js';
import { nexmarkType } from './nexmark.js';

const gen = (params: Record<string, unknown>) =>
  createGeneratorSource(
    typedNode('source.generator', {
      id: 'g',
      kind: 'source.generator',
      params: { ...defaultParams('source.generator'), preset: 'nexmark', pacing: 'max', ...params },
    }),
  );

function drain(source: ReturnType<typeof gen>, batch = 1000): Event[] {
  const out: Event[] = [];
  for (;;) {
    const r = source.poll(batch, 0);
    for (const e of r.events) out.push(e);
    if (r.ended) return out;
  }
}

const events = drain(gen({ limit: 100_000, ratePerSec: 10_000, seed: 5 }));
const of = (type: string) => events.filter((e) => e.type === type);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('source.generator preset nexmark', () => {
  it('makes persons, auctions and bids 1 : 3 : 46, each with exactly the fields of its type', () => {
    expect(of('person')).toHaveLength(2000);
    expect(of('auction')).toHaveLength(6000);
    expect(of('bid')).toHaveLength(92_000);
    for (const e of events.slice(0, 200)) {
      const fields = NEXMARK_FIELDS[nexmarkType(events.indexOf(e))];
      expect(Object.keys(e).sort()).toEqual(Object.keys(fields).sort());
      for (const [f, t] of Object.entries(fields)) expect(typeof e[f], f).toBe(t);
    }
  });

  it('numbers persons and auctions from 1000 in generation order', () => {
    expect(of('person').map((e) => e.id)).toEqual(Array.from({ length: 2000 }, (_, k) => 1000 + k));
    expect(of('auction').map((e) => e.id)).toEqual(Array.from({ length: 6000 }, (_, k) => 1000 + k));
  });

  it('bids go to hot auctions and hot bidders at the ratios 2 and 4, others to recent ones', () => {
    const bids = of('bid');
    const hotAuction = bids.filter((b) => ((b.auction as number) - 1000) % 100 === 0).length / bids.length;
    // 1/2 hot, plus the 1 % of the other half that lands on a multiple of 100 by chance.
    expect(hotAuction).toBeGreaterThan(0.48);
    expect(hotAuction).toBeLessThan(0.53);
    const hotBidder = bids.filter((b) => ((b.bidder as number) - 1000) % 100 === 1).length / bids.length;
    expect(hotBidder).toBeGreaterThan(0.73);
    expect(hotBidder).toBeLessThan(0.77);
    // No bid names an auction or bidder far beyond what exists at its time (the id leads are 10).
    const beyond = [...events.entries()].filter(
      ([k, b]) =>
        b.type === 'bid' &&
        ((b.auction as number) > 1000 + Math.floor(k / 50) * 3 + 2 + 10 ||
          (b.bidder as number) > 1000 + Math.floor(k / 50) + 10),
    );
    expect(beyond).toEqual([]);
  });

  it('pads extra to the documented average sizes (person 200, auction 500, bid 100 bytes)', () => {
    // Sizes as Nexmark counts them: 8 per number it counts, string lengths, plus extra.
    const len = (e: Event, fields: string[]) => fields.reduce((n, f) => n + String(e[f]).length, 0);
    const person = (e: Event) => 8 + len(e, ['name', 'emailAddress', 'creditCard', 'city', 'state', 'extra']);
    const auction = (e: Event) => 48 + len(e, ['itemName', 'description', 'extra']);
    const bid = (e: Event) => 32 + len(e, ['extra']);
    expect(Math.abs(mean(of('person').map(person)) - 200)).toBeLessThan(2);
    expect(Math.abs(mean(of('auction').map(auction)) - 500)).toBeLessThan(3);
    expect(Math.abs(mean(of('bid').map(bid)) - 100)).toBeLessThan(1);
  });

  it('prices are 10^(6u) * 100 cents; half the bids use the four hot channels', () => {
    const prices = of('bid').map((b) => b.price as number);
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000);
    // log10(price / 100) is uniform in [0, 6): its median is about 3.
    const logs = prices.map((p) => Math.log10(p / 100)).sort((a, b) => a - b);
    expect(logs[logs.length >> 1]).toBeCloseTo(3, 1);
    const hot = of('bid').filter((b) =>
      ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b.channel as string),
    );
    expect(hot.length / prices.length).toBeCloseTo(0.5, 1);
    expect(of('bid').every((b) => (b.url as string).startsWith('https://www.nexmark.com/'))).toBe(true);
  });

  it('auctions: categories 10..14, reserve above the initial bid, expiry after the auction', () => {
    for (const a of of('auction')) {
      expect(a.category as number).toBeGreaterThanOrEqual(10);
      expect(a.category as number).toBeLessThanOrEqual(14);
      expect(a.reserve as number).toBeGreaterThan(a.initialBid as number);
      expect(a.expires as number).toBeGreaterThan(a.dateTime as number);
    }
  });

  it('is deterministic by seed, restores from an offset, and keeps disorder under the bound', () => {
    const params = { limit: 5000, ratePerSec: 1000, maxOutOfOrdernessMs: 30, seed: 9 };
    const whole = drain(gen(params));
    expect(drain(gen(params), 7)).toEqual(whole);
    expect(drain(gen({ ...params, seed: 10 }))).not.toEqual(whole);
    const first = gen(params);
    const head = first.poll(1777, 0).events;
    const second = gen(params);
    second.restore(JSON.parse(JSON.stringify(first.offset())));
    expect([...head, ...drain(second)]).toEqual(whole);
    let max = Number.NEGATIVE_INFINITY;
    for (const e of whole) {
      expect(e.dateTime as number).toBeGreaterThan(max - 30);
      max = Math.max(max, e.dateTime as number);
    }
  });
});
