import { describe, expect, it } from 'vitest';
import { migrateParams, paramsVersion } from '../params-migrations.js';
import { countWindow } from './count-window.js';

describe('window.count params migrations', () => {
  it('is at version 2', () => {
    expect(paramsVersion(countWindow)).toBe(2);
  });

  it('renames size and slide of version 1 to sizeEvents and slideEvents, keeping the rest', () => {
    const v1 = { size: 10, slide: 5, keyBy: ['k'], aggregations: [{ name: 'n', fn: 'count' }] };
    const r = migrateParams(countWindow, v1, 1);
    expect(r).toEqual({
      ok: true,
      params: { sizeEvents: 10, slideEvents: 5, keyBy: ['k'], aggregations: [{ name: 'n', fn: 'count' }] },
    });
    if (r.ok) expect(countWindow.params.parse(r.params)).toMatchObject({ sizeEvents: 10, slideEvents: 5 });
  });

  it('leaves version-2 params alone', () => {
    expect(migrateParams(countWindow, { sizeEvents: 7 }, 2)).toEqual({ ok: true, params: { sizeEvents: 7 } });
    // A document that never stated its version but was written in the new shape is safe too.
    expect(migrateParams(countWindow, { sizeEvents: 7 }, 1)).toEqual({ ok: true, params: { sizeEvents: 7 } });
  });

  it('refuses a version it does not know, with the reason', () => {
    expect(migrateParams(countWindow, {}, 3)).toEqual({
      ok: false,
      message: 'window.count: params version 3 is newer than this Eventide (reads up to 2)',
    });
  });
});
