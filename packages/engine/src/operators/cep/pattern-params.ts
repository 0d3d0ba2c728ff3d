/** The `cep.pattern` node's params as the catalog parses them (packages/shared/src/catalog/kinds/pattern.ts). */
import { type PatternStep, parseParams } from '@eventide/shared';
import type { SkipStrategy } from './after-match-skip.js';

export interface PatternParams {
  steps: PatternStep[];
  withinMs: number;
  key: string;
  skip: { strategy: SkipStrategy; step?: string | undefined };
  output: { name: string; expr: string }[];
  maxPartialMatchesPerKey: number;
  maxBufferedEventsPerKey: number;
  timeMode: 'event' | 'processing';
}

/** Parses raw params with the catalog's schema (defaults filled); throws with the schema's first issue when invalid. */
export function parsePatternParams(raw: unknown): PatternParams {
  const parsed = parseParams('cep.pattern', raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`cep.pattern: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid params'}`);
  }
  return parsed.data as PatternParams;
}
