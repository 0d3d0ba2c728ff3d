import { describe, expect, test } from 'vitest';
import { parseDuration, parseTimestamp } from './formats.js';

describe('parseDuration', () => {
  test.each<[string, number | null]>([
    ['5s', 5000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['-5s', -5000],
    ['+1m', 60_000],
    ['100us', 0.1],
    ['1000000ns', 1],
    ['0', 0],
    ['.5s', 500],
    ['', null],
    ['5', null],
    ['5x', null],
    ['s', null],
    ['1m 30s', null],
    ['-', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseTimestamp', () => {
  test.each<[string, number | null]>([
    ['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
    ['2024-05-01T12:34:56.789Z', Date.UTC(2024, 4, 1, 12, 34, 56, 789)],
    ['2024-05-01T12:34:56.7891234Z', Date.UTC(2024, 4, 1, 12, 34, 56, 789)],
    ['2024-05-01T12:34:56.5Z', Date.UTC(2024, 4, 1, 12, 34, 56, 500)],
    ['2024-05-01T14:34:56+02:00', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01T10:04:56-0230', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01 12:34:56Z', Date.UTC(2024, 4, 1, 12, 34, 56)],
    // no offset: UTC, never the machine's local time zone
    ['2024-05-01T12:34:56', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['2023-02-29T00:00:00Z', null],
    ['2024-13-01T00:00:00Z', null],
    ['2024-04-31', null],
    ['2024-05-01T24:00:00Z', null],
    ['2024-05-01T12:60:00Z', null],
    ['May 1, 2024', null],
    ['1714566896000', null],
    ['', null],
  ])('%j', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });
});
