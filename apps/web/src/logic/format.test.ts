import { describe, expect, it } from 'vitest';
import { cellText, clockTime, compactNumber } from './format';

describe('clockTime', () => {
  const now = Date.UTC(2026, 11, 1, 15, 0, 0);
  it("shows today's watermark as a time of day, another day's with its date", () => {
    expect(clockTime(Date.UTC(2026, 11, 1, 9, 5, 7), now)).toBe('09:05:07');
    expect(clockTime(Date.UTC(2023, 10, 14, 22, 13, 20), now)).toBe('2023-11-14 22:13:20');
  });
  it('says what a missing or infinite watermark means instead of throwing', () => {
    expect(clockTime(null, now)).toBe('—');
    expect(clockTime(Number.POSITIVE_INFINITY, now)).toBe('+∞ (end of input)');
    expect(clockTime(Number.NEGATIVE_INFINITY, now)).toBe('−∞');
  });
});

describe('compactNumber and cellText', () => {
  it('keep counts short and times readable', () => {
    expect(compactNumber(1234)).toBe('1.2k');
    expect(cellText(Date.UTC(2023, 10, 14, 22, 13, 20), 'window_end')).toBe('2023-11-14 22:13:20.000');
  });
});
