import { describe, expect, it } from 'vitest';
import { buildLineData } from './line-chart-data';

const w = (sensor: string, end: number, avg: number, fire = 'final') => ({
  sensor,
  window_end: end,
  avg_temp: avg,
  window_fire: fire,
});

describe('line chart data', () => {
  it('aligns one line per series value on a shared time axis in seconds', () => {
    const d = buildLineData([w('s1', 5000, 20), w('s2', 5000, 21), w('s1', 10000, 22)], {
      x: 'window_end',
      y: ['avg_temp'],
      series: 'sensor',
      maxPoints: 100,
    });
    expect(d.xs).toEqual([5, 10]);
    expect(d.series.map((s) => [s.label, s.values])).toEqual([
      ['s1', [20, 22]],
      ['s2', [21, null]],
    ]);
    expect(d.finalPoints).toBe(3);
  });

  it('keeps early firings in a separate series until the final result replaces them', () => {
    const d = buildLineData([w('s1', 5000, 19, 'early'), w('s1', 5000, 20), w('s1', 10000, 23, 'early')], {
      x: 'window_end',
      y: ['avg_temp'],
      series: 'sensor',
      maxPoints: 100,
    });
    expect(d.series.map((s) => [s.label, s.early, s.values])).toEqual([
      ['s1', false, [20, null]],
      // The early line starts at the last final value, so it continues the line, dashed.
      ['s1 (early)', true, [20, 23]],
    ]);
    expect([d.finalPoints, d.earlyPoints]).toEqual([1, 1]);
  });

  it('keeps only the latest maxPoints x values', () => {
    const events = Array.from({ length: 50 }, (_, i) => w('s', i * 1000, i));
    const d = buildLineData(events, { x: 'window_end', y: ['avg_temp'], maxPoints: 10 });
    expect(d.xs).toHaveLength(10);
    expect(d.series[0]?.values.at(-1)).toBe(49);
    expect(d.series[0]?.label).toBe('avg_temp');
  });
});
