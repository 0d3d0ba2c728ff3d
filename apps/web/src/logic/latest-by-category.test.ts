import { describe, expect, it } from 'vitest';
import { axisTicks, latestByCategory } from './latest-by-category';

const row = (page: string, views: number, end: number, fire: string) => ({
  page,
  views,
  window_start: end - 60_000,
  window_end: end,
  window_fire: fire,
});
const params = { category: 'page', value: 'views', maxBars: 10 };

describe('latestByCategory', () => {
  const events = [
    row('/a', 10, 10_000, 'early'),
    row('/a', 30, 10_000, 'final'),
    row('/b', 20, 10_000, 'final'),
    // A new window opens: small running values that must not replace the closed window's bars.
    row('/a', 2, 20_000, 'early'),
    row('/b', 1, 20_000, 'early'),
  ];

  it('shows the latest closed window by default, so bars do not drop when a window opens', () => {
    expect(latestByCategory(events, params)).toEqual({
      bars: [
        { category: '/a', value: 30, early: false },
        { category: '/b', value: 20, early: false },
      ],
      window: { start: -50_000, end: 10_000, fire: 'final' },
    });
  });

  it('shows the open window when asked, or while no window has closed yet, hatched as early', () => {
    const early = latestByCategory(events, { ...params, showEarly: true });
    expect(early.bars).toEqual([
      { category: '/a', value: 2, early: true },
      { category: '/b', value: 1, early: true },
    ]);
    expect(early.window?.fire).toBe('early');
    expect(latestByCategory(events.slice(0, 1), params).bars).toEqual([
      { category: '/a', value: 10, early: true },
    ]);
  });

  it('an update of a closed window replaces its final value', () => {
    const updated = [...events.slice(0, 3), row('/b', 21, 10_000, 'update')];
    expect(latestByCategory(updated, params).bars.find((b) => b.category === '/b')?.value).toBe(21);
  });

  it('keeps the latest value per category for streams that are not window results', () => {
    const plain = [
      { page: '/a', views: 1 },
      { page: '/a', views: 5 },
      { page: '/b', views: 3 },
    ];
    expect(latestByCategory(plain, params)).toEqual({
      bars: [
        { category: '/a', value: 5, early: false },
        { category: '/b', value: 3, early: false },
      ],
    });
  });
});

describe('axisTicks', () => {
  it('gives round steps that reach the maximum', () => {
    expect(axisTicks(206)).toEqual([0, 100, 200, 300]);
    expect(axisTicks(9)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(axisTicks(0)).toEqual([0]);
  });
});
