import { describe, expect, it } from 'vitest';
import { migrateParams, paramsVersion } from '../params-migrations.js';
import { topN } from './top-n.js';

describe('window.top-n params migrations', () => {
  it('is at version 2', () => {
    expect(paramsVersion(topN)).toBe(2);
  });

  it('gives version-1 params withTies off (what version 1 did), keeping the rest', () => {
    const v1 = { n: 1, orderBy: 'price', sizeMs: 10_000 };
    const r = migrateParams(topN, v1, 1);
    expect(r).toEqual({ ok: true, params: { withTies: false, n: 1, orderBy: 'price', sizeMs: 10_000 } });
    if (r.ok) expect(topN.params.parse(r.params)).toMatchObject({ n: 1, withTies: false });
  });

  it('keeps withTies a document set without stating its version', () => {
    expect(migrateParams(topN, { withTies: true }, 1)).toEqual({ ok: true, params: { withTies: true } });
  });

  it('refuses a version it does not know, with the reason', () => {
    expect(migrateParams(topN, {}, 3)).toEqual({
      ok: false,
      message: 'window.top-n: params version 3 is newer than this Eventide (reads up to 2)',
    });
  });
});
