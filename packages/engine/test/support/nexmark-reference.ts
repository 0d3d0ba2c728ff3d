/**
 * Reference implementations of the Nexmark queries of examples/nexmark: the SQL of the
 * nexmark/nexmark project written as plain loops over the generated events, producing the rows the
 * query's sink receives. `ordered`: the query keeps input order (compare as lists), else multisets.
 * `clock`: processing time of every event, for q12 (processing-time windows).
 */
import type { Event } from '../../src/runtime/operator.js';

export const DAY = 86_400_000;
const num = (e: Event, f: string) => e[f] as number;
const of = (events: Event[], type: string) => events.filter((e) => e.type === type);
export const pick = (e: Event, fields: string[]) => Object.fromEntries(fields.map((f) => [f, e[f]]));
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
const windowOf = (t: number, size: number) => Math.floor(t / size) * size;
const R1 = (p: number) => p < 10_000;
const R2 = (p: number) => p >= 10_000 && p < 1_000_000;
const R3 = (p: number) => p >= 1_000_000;
const BID = ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'];

export interface Reference {
  ordered: boolean;
  rows(events: Event[], clock: number): Event[];
}

export const REFERENCE: Record<string, Reference> = {
  q0: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid').map((b) => pick(b, ['auction', 'bidder', 'price', 'dateTime', 'extra'])),
  },
  q1: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid').map((b) => ({
        auction: b.auction,
        bidder: b.bidder,
        price: 0.908 * num(b, 'price'),
        dateTime: b.dateTime,
        extra: b.extra,
      })),
  },
  q2: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid')
        .filter((b) => num(b, 'auction') % 123 === 0)
        .map((b) => pick(b, ['auction', 'price'])),
  },
  q3: {
    ordered: false,
    rows(events) {
      const persons = of(events, 'person').filter((p) => ['OR', 'ID', 'CA'].includes(p.state as string));
      const out: Event[] = [];
      for (const a of of(events, 'auction')) {
        if (a.category !== 10) continue;
        for (const p of persons)
          if (p.id === a.seller && Math.abs(num(p, 'dateTime') - num(a, 'dateTime')) < DAY)
            out.push({ name: p.name, city: p.city, state: p.state, id: a.id });
      }
      return out;
    },
  },
  q4: {
    ordered: false,
    // Q: each auction's highest bid among those with A.dateTime <= B.dateTime <= A.expires (none:
    // no row), closed at expires. Then AVG(final) per category, as a stream of its values: each Q
    // row with the average of its category's Q rows closed at or before it.
    rows(events) {
      const bids = groupBy(of(events, 'bid'), (b) => String(b.auction));
      const closed: { category: number; final: number; at: number }[] = [];
      for (const a of of(events, 'auction')) {
        const prices = (bids.get(String(a.id)) ?? [])
          .filter((b) => num(b, 'dateTime') >= num(a, 'dateTime') && num(b, 'dateTime') <= num(a, 'expires'))
          .map((b) => num(b, 'price'));
        if (prices.length > 0)
          closed.push({ category: num(a, 'category'), final: Math.max(...prices), at: num(a, 'expires') });
      }
      return closed.map((q) => {
        const upTo = closed.filter((o) => o.category === q.category && o.at <= q.at);
        return { category: q.category, avg_final: upTo.reduce((s, o) => s + o.final, 0) / upTo.length };
      });
    },
  },
  q9: {
    ordered: false,
    // Each auction with its highest bid among those with A.dateTime <= B.dateTime <= A.expires
    // (ORDER BY price DESC, dateTime ASC; none: no row), A's columns then the bid's.
    rows(events) {
      const bids = groupBy(of(events, 'bid'), (b) => String(b.auction));
      const out: Event[] = [];
      for (const a of of(events, 'auction')) {
        const won = (bids.get(String(a.id)) ?? [])
          .filter((b) => num(b, 'dateTime') >= num(a, 'dateTime') && num(b, 'dateTime') <= num(a, 'expires'))
          .sort((x, y) => num(y, 'price') - num(x, 'price') || num(x, 'dateTime') - num(y, 'dateTime'))[0];
        if (won)
          out.push({
            ...pick(a, ['id', 'itemName', 'description', 'initialBid', 'reserve', 'dateTime', 'expires']),
            ...pick(a, ['seller', 'category', 'extra']),
            auction: won.auction,
            bidder: won.bidder,
            price: won.price,
            bid_dateTime: won.dateTime,
            bid_extra: won.extra,
          });
      }
      return out;
    },
  },
  q5: {
    ordered: false,
    rows(events) {
      const bids = of(events, 'bid');
      const ends = new Set(
        bids.flatMap((b) => [1, 2, 3, 4, 5].map((k) => windowOf(num(b, 'dateTime'), 2000) + 2000 * k)),
      );
      const out: Event[] = [];
      for (const end of ends) {
        const counts = new Map<unknown, number>();
        for (const b of bids)
          if (num(b, 'dateTime') >= end - 10_000 && num(b, 'dateTime') < end)
            counts.set(b.auction, (counts.get(b.auction) ?? 0) + 1);
        const max = Math.max(...counts.values());
        for (const [auction, n] of counts) if (n === max) out.push({ auction, num: n });
      }
      return out;
    },
  },
  q7: {
    ordered: false,
    rows(events) {
      const out: Event[] = [];
      for (const bids of groupBy(of(events, 'bid'), (b) =>
        String(windowOf(num(b, 'dateTime'), 10_000)),
      ).values()) {
        const max = Math.max(...bids.map((b) => num(b, 'price')));
        for (const b of bids)
          if (b.price === max) out.push(pick(b, ['auction', 'price', 'bidder', 'dateTime', 'extra']));
      }
      return out;
    },
  },
  q8: {
    ordered: false,
    rows(events) {
      const sellers = new Set(
        of(events, 'auction').map((a) => `${windowOf(num(a, 'dateTime'), 10_000)}|${a.seller}`),
      );
      return of(events, 'person')
        .filter((p) => sellers.has(`${windowOf(num(p, 'dateTime'), 10_000)}|${p.id}`))
        .map((p) => ({ id: p.id, name: p.name, starttime: windowOf(num(p, 'dateTime'), 10_000) }));
    },
  },
  q11: {
    ordered: false,
    rows(events) {
      const out: Event[] = [];
      for (const [bidder, bids] of groupBy(of(events, 'bid'), (b) => String(b.bidder))) {
        const times = bids.map((b) => num(b, 'dateTime')).sort((a, b) => a - b);
        let start = times[0] as number;
        let last = start;
        let n = 0;
        const close = () =>
          out.push({ bidder: Number(bidder), bid_count: n, starttime: start, endtime: last + 10_000 });
        for (const t of times) {
          if (t - last >= 10_000) {
            close();
            start = t;
            n = 0;
          }
          last = t;
          n++;
        }
        close();
      }
      return out;
    },
  },
  q12: {
    ordered: false,
    rows(events, clock) {
      const start = windowOf(clock, 10_000);
      return [...groupBy(of(events, 'bid'), (b) => String(b.bidder))].map(([bidder, bids]) => ({
        bidder: Number(bidder),
        bid_count: bids.length,
        starttime: start,
        endtime: start + 10_000,
      }));
    },
  },
  q14: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid')
        .filter((b) => 0.908 * num(b, 'price') > 1_000_000 && 0.908 * num(b, 'price') < 50_000_000)
        .map((b) => {
          const hour = Math.trunc(num(b, 'dateTime') / 3_600_000) % 24;
          const bidTimeType =
            hour > 8 && hour <= 18 ? 'dayTime' : hour <= 6 || hour >= 20 ? 'nightTime' : 'otherTime';
          return {
            auction: b.auction,
            bidder: b.bidder,
            price: 0.908 * num(b, 'price'),
            bidTimeType,
            dateTime: b.dateTime,
            extra: b.extra,
          };
        }),
  },
  q21: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid').flatMap((b) => {
        const channel = String(b.channel).toLowerCase();
        const known = ['apple', 'google', 'facebook', 'baidu'].indexOf(channel);
        const fromUrl = /(&|^)channel_id=([^&]*)/.exec(String(b.url))?.[2];
        if (known === -1 && fromUrl === undefined) return [];
        const channel_id = known === -1 ? fromUrl : String(known);
        return [{ ...pick(b, ['auction', 'bidder', 'price', 'channel']), channel_id }];
      }),
  },
  q22: {
    ordered: true,
    rows: (events) =>
      of(events, 'bid').map((b) => {
        const parts = String(b.url).split('/');
        return {
          ...pick(b, ['auction', 'bidder', 'price', 'channel']),
          dir1: parts[3],
          dir2: parts[4],
          dir3: parts[5],
        };
      }),
  },
  q15: {
    ordered: false,
    rows(events) {
      const out: Event[] = [];
      for (const [day, bids] of groupBy(of(events, 'bid'), (b) =>
        String(windowOf(num(b, 'dateTime'), DAY)),
      )) {
        const distinct = (f: string, where: (p: number) => boolean) =>
          new Set(bids.filter((b) => where(num(b, 'price'))).map((b) => b[f])).size;
        const all = () => true;
        out.push({
          window_start: Number(day),
          window_end: Number(day) + DAY,
          window_fire: 'final',
          total_bids: bids.length,
          rank1_bids: bids.filter((b) => R1(num(b, 'price'))).length,
          rank2_bids: bids.filter((b) => R2(num(b, 'price'))).length,
          rank3_bids: bids.filter((b) => R3(num(b, 'price'))).length,
          total_bidders: distinct('bidder', all),
          rank1_bidders: distinct('bidder', R1),
          rank2_bidders: distinct('bidder', R2),
          rank3_bidders: distinct('bidder', R3),
          total_auctions: distinct('auction', all),
          rank1_auctions: distinct('auction', R1),
          rank2_auctions: distinct('auction', R2),
          rank3_auctions: distinct('auction', R3),
        });
      }
      return out;
    },
  },
  q17: {
    ordered: false,
    rows(events) {
      const out: Event[] = [];
      for (const bids of groupBy(
        of(events, 'bid'),
        (b) => `${windowOf(num(b, 'dateTime'), DAY)}|${b.auction}`,
      ).values()) {
        const prices = bids.map((b) => num(b, 'price'));
        const sum = prices.reduce((a, b) => a + b, 0);
        const start = windowOf(num(bids[0] as Event, 'dateTime'), DAY);
        out.push({
          auction: bids[0]?.auction,
          window_start: start,
          window_end: start + DAY,
          window_fire: 'final',
          total_bids: bids.length,
          rank1_bids: prices.filter(R1).length,
          rank2_bids: prices.filter(R2).length,
          rank3_bids: prices.filter(R3).length,
          min_price: Math.min(...prices),
          max_price: Math.max(...prices),
          avg_price: sum / prices.length,
          sum_price: sum,
        });
      }
      return out;
    },
  },
  q18: {
    ordered: false,
    rows(events) {
      const best = new Map<string, Event>();
      for (const b of of(events, 'bid')) {
        const k = `${windowOf(num(b, 'dateTime'), 10_000)}|${b.bidder}|${b.auction}`;
        const cur = best.get(k);
        if (cur === undefined || num(b, 'dateTime') > num(cur, 'dateTime')) best.set(k, b);
      }
      return [...best.values()].map((b) => pick(b, BID));
    },
  },
  q19: {
    ordered: false,
    rows(events) {
      const out: Event[] = [];
      for (const bids of groupBy(
        of(events, 'bid'),
        (b) => `${windowOf(num(b, 'dateTime'), 10_000)}|${b.auction}`,
      ).values()) {
        // Stable sort: equal price and time keep arrival order, as the operator breaks ties.
        const ranked = [...bids].sort(
          (a, b) => num(b, 'price') - num(a, 'price') || num(a, 'dateTime') - num(b, 'dateTime'),
        );
        ranked.slice(0, 10).forEach((b, r) => {
          out.push({ ...pick(b, BID), rank_number: r + 1 });
        });
      }
      return out;
    },
  },
  q20: {
    ordered: false,
    rows(events) {
      const auctions = new Map(
        of(events, 'auction')
          .filter((a) => a.category === 10)
          .map((a) => [a.id, a]),
      );
      const out: Event[] = [];
      for (const b of of(events, 'bid')) {
        const a = auctions.get(b.auction);
        if (a === undefined || Math.abs(num(a, 'dateTime') - num(b, 'dateTime')) >= DAY) continue;
        out.push({
          ...pick(b, BID),
          ...pick(a, ['itemName', 'description', 'initialBid', 'reserve']),
          auctionDateTime: a.dateTime,
          expires: a.expires,
          seller: a.seller,
          category: a.category,
          auctionExtra: a.extra,
        });
      }
      return out;
    },
  },
};
