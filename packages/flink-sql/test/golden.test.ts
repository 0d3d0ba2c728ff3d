import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases } from './support/golden-cases.js';

// A changed translation fails here until `pnpm --filter @eventide/flink-sql golden` rewrites the files.
describe('golden Flink SQL per example', () => {
  for (const c of goldenCases())
    it(c.name, () => {
      expect(
        existsSync(c.goldenPath),
        `${c.goldenPath} missing: run pnpm --filter @eventide/flink-sql golden`,
      ).toBe(true);
      expect(c.actual()).toBe(readFileSync(c.goldenPath, 'utf8'));
    });
});
