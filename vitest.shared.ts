import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares. "source" resolves workspace packages to their
 * TypeScript sources, so tests need no build step. Property and process tests take seconds on a
 * quiet 2-core machine and several times that when the machine is busy: a test fails on a wrong
 * result, not on a loaded CPU, so the per-test bound is 60 s instead of vitest's 5 s.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
