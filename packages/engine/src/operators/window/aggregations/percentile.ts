import { DDSketch } from '@datadog/sketches-js';
import { type AggregateFn, field, objectCell, valueAt } from './aggregate-fn.js';

/**
 * DDSketch with 1% relative accuracy: the value returned for quantile q is within 1% (relative) of
 * the exact value at rank q * (n - 1) of the window's values; memory is a few kB per window
 * whatever the count. Negative values and zeros are handled by the sketch's separate stores.
 */
export const RELATIVE_ACCURACY = 0.01;

type Bins = [number, number][];

function binsOf(store: DDSketch['store']): Bins {
  const out: Bins = [];
  for (let i = 0; i < store.bins.length; i++) {
    const c = store.bins[i] ?? 0;
    if (c !== 0) out.push([i + store.offset, c]);
  }
  return out;
}

export function percentile(quantile: number): AggregateFn {
  return objectCell<DDSketch>({
    numeric: true,
    create: () => new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }),
    add(acc, value) {
      acc.accept(value as number);
    },
    addRows(r, o, f) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, f);
        if (typeof v === 'number') ((r.targets[k] as unknown[])[o] as DDSketch).accept(v);
      }
    },
    merge(into, from) {
      // Bin by bin: DDSketch.merge of sketches-js 2.1.1 ignores the negative store.
      for (const [k, c] of binsOf(from.store)) into.store.add(k, c);
      for (const [k, c] of binsOf(from.negativeStore)) into.negativeStore.add(k, c);
      if (from.count === 0) return;
      if (into.count === 0 || from.min < into.min) into.min = from.min;
      if (into.count === 0 || from.max > into.max) into.max = from.max;
      into.zeroCount += from.zeroCount;
      into.count += from.count;
      into.sum += from.sum;
    },
    result: (acc) => (acc.count === 0 ? null : acc.getValueAtQuantile(quantile)),
    toJSON: (acc) => ({
      pos: binsOf(acc.store),
      neg: binsOf(acc.negativeStore),
      zero: acc.zeroCount,
      count: acc.count,
      sum: acc.sum,
      min: acc.count === 0 ? null : acc.min,
      max: acc.count === 0 ? null : acc.max,
    }),
    fromJSON(json) {
      const sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
      for (const [k, c] of field<Bins>(json, 'pos')) sketch.store.add(k, c);
      for (const [k, c] of field<Bins>(json, 'neg')) sketch.negativeStore.add(k, c);
      sketch.zeroCount = field<number>(json, 'zero');
      sketch.count = field<number>(json, 'count');
      sketch.sum = field<number>(json, 'sum');
      if (sketch.count > 0) {
        sketch.min = field<number>(json, 'min');
        sketch.max = field<number>(json, 'max');
      }
      return sketch;
    },
  });
}
