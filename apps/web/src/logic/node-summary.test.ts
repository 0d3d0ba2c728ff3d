import { defaultParams } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { keyParamsSummary, packLines } from './node-summary';

describe('node summary on the canvas', () => {
  it('shows a window size, its key and its aggregation within two lines', () => {
    const params = {
      ...defaultParams('window.tumbling'),
      keyBy: ['sensor'],
      aggregations: [{ name: 'avg_temp', fn: 'avg', field: 'temperature' }],
    };
    expect(keyParamsSummary('window.tumbling', params)).toEqual([
      'size: 5 s · keyBy: sensor',
      'avg_temp = avg(temperature)',
    ]);
  });

  it("names an aggregation's arguments: its field, a quantile, what max_by orders by", () => {
    const shown = (aggregation: Record<string, unknown>) =>
      keyParamsSummary('window.session', { ...defaultParams('window.session'), aggregations: [aggregation] })
        .at(-1)
        ?.split(' · ')
        .at(-1);
    expect(shown({ name: 'bids', fn: 'count' })).toBe('bids = count()');
    expect(shown({ name: 'p99', fn: 'percentile', field: 'price', quantile: 0.99 })).toBe(
      'p99 = percentile(price, 0.99)',
    );
    expect(shown({ name: 'top_bidder', fn: 'max_by', field: 'bidder', by: 'price' })).toBe(
      'top_bidder = max_by(bidder, by price)',
    );
    expect(shown({ name: 'winner', fn: 'max_by', by: 'price' })).toBe('winner = max_by(by price)');
  });

  it('shows numbers only when they differ from the default', () => {
    expect(keyParamsSummary('source.generator', defaultParams('source.generator'))).toEqual([
      'preset: sensors',
    ]);
    expect(
      keyParamsSummary('source.generator', { ...defaultParams('source.generator'), ratePerSec: 4000 }),
    ).toEqual(['preset: sensors', 'ratePerSec: 4,000']);
  });

  it('shows an MQTT subscription and its declared fields, a table column mapping', () => {
    expect(
      keyParamsSummary('source.mqtt', {
        ...defaultParams('source.mqtt'),
        topics: ['eventide/sensors/+'],
        fields: [{ name: 'sensor', type: 'string' }],
      }),
    ).toEqual(['eventide/sensors/+', 'sensor: string']);
    expect(
      keyParamsSummary('sink.postgres', {
        ...defaultParams('sink.postgres'),
        columns: [{ column: 'avg', field: 'avg_temp', type: 'double precision' }],
      }),
    ).toEqual(['avg ← avg_temp']);
  });

  it('reads a CEP pattern as its steps', () => {
    const params = {
      steps: [
        {
          name: 'first',
          condition: 'type == "fail"',
          quantifier: { kind: 'times', min: 3 },
          consecutive: true,
        },
      ],
      withinMs: 60_000,
    };
    expect(keyParamsSummary('cep.pattern', params)).toEqual([
      'first: type == "fail"  ×3 consecutive',
      'within 1 min',
    ]);
  });

  it('packs short lines together, never past a line of the node', () => {
    expect(packLines(['a: 1', 'b: 2', 'a much longer line that fills a node'])).toEqual([
      'a: 1 · b: 2',
      'a much longer line that fills a node',
    ]);
  });
});
