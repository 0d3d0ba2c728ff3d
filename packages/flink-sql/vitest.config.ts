import { defineConfig } from 'vitest/config';

// "source" resolves workspace packages to their TypeScript sources, so tests need no build step.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
