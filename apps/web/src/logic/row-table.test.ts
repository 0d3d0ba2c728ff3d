import { describe, expect, it } from 'vitest';
import { columnsOf, sortRows } from './row-table';
import { parseSampleEvents } from './sample-events';

describe('columnsOf and sortRows', () => {
  const rows = [{ page: '/b', views: 10 }, { page: '/a', views: 2, extra: true }, { page: '/c' }];
  it('lists every field in first-seen order', () => {
    expect(columnsOf(rows)).toEqual(['page', 'views', 'extra']);
  });
  it('sorts numbers as numbers, missing values last, both directions', () => {
    expect(sortRows(rows, { column: 'views', descending: false }).map((r) => r.page)).toEqual([
      '/a',
      '/b',
      '/c',
    ]);
    expect(sortRows(rows, { column: 'views', descending: true }).map((r) => r.page)).toEqual([
      '/b',
      '/a',
      '/c',
    ]);
    expect(sortRows(rows, { column: 'page', descending: false }).map((r) => r.page)).toEqual([
      '/a',
      '/b',
      '/c',
    ]);
    expect(sortRows(rows, null)).toEqual(rows);
  });
});

describe('parseSampleEvents', () => {
  it('reads JSON Lines and JSON arrays of objects', () => {
    expect(parseSampleEvents('{"a":1}\n\n{"a":2}\n')).toEqual({ ok: true, events: [{ a: 1 }, { a: 2 }] });
    expect(parseSampleEvents(' [{"a":1},{"b":2}] ')).toEqual({ ok: true, events: [{ a: 1 }, { b: 2 }] });
  });
  it('names the line or item that is not an event', () => {
    expect(parseSampleEvents('{"a":1}\n[1]')).toEqual({
      ok: false,
      error: 'line 2: an event is a JSON object',
    });
    expect(parseSampleEvents('[{"a":1}, 3]')).toEqual({
      ok: false,
      error: 'item 2: an event is a JSON object',
    });
    expect(parseSampleEvents('{"a":')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 1: /),
    });
    expect(parseSampleEvents('  ')).toMatchObject({ ok: false });
  });
});
