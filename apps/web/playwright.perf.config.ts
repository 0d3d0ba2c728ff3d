import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** Measurements, not pass/fail checks: run with `pnpm --filter @eventide/web run perf`. */
export default defineConfig({ ...base, testDir: './perf', timeout: 120_000 });
