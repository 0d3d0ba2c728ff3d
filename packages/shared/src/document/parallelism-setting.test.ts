import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatIssue } from '../validate/issues.js';
import { validateDocument } from '../validate/validate.js';

const q5 = JSON.parse(
  readFileSync(new URL('../../../../examples/nexmark/q5.json', import.meta.url), 'utf8'),
) as { settings: Record<string, unknown> };
const withParallelism = (p: unknown) => ({ ...q5, settings: { ...q5.settings, parallelism: p } });

describe('settings.parallelism', () => {
  test('is optional: a document without it is valid and keeps it absent (1 instance)', () => {
    const r = validateDocument(q5);
    expect(r.ok).toBe(true);
    expect(r.document?.settings.parallelism).toBeUndefined();
  });

  test.each([1, 2, 64, 'auto'])('accepts %s', (p) => {
    const r = validateDocument(withParallelism(p));
    expect(r.errors.map(formatIssue)).toEqual([]);
    expect(r.document?.settings.parallelism).toBe(p);
  });

  test.each([0, 65, 1.5, 'many', -2])('rejects %s, naming settings.parallelism', (p) => {
    const r = validateDocument(withParallelism(p));
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => e.path.includes('parallelism'))).toBe(true);
  });
});
