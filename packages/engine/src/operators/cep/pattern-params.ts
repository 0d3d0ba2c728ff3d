/** The `cep.pattern` node's params as the catalog parses them (packages/shared/src/catalog/kinds/pattern.ts). */
import { type KindParams, parseKindParams } from '@eventide/shared';

export type PatternParams = KindParams<'cep.pattern'>;

/** Parses raw params with the catalog's schema (defaults filled); throws with the schema's first issue when invalid. */
export function parsePatternParams(raw: unknown): PatternParams {
  const parsed = parseKindParams('cep.pattern', raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`cep.pattern: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid params'}`);
  }
  return parsed.data;
}
