import { checkExpression } from '../expr/index.js';
import type { ValidationResult } from './validate.js';

/**
 * Why a tap's CEL filter cannot run on an edge, in words naming the problem ("unknown field
 * "temp" (did you mean temperature?)", "the filter must be a condition, not a string"), or null when
 * it can: checked against the fields the validator inferred for the edge, as node conditions are.
 */
export function tapFilterProblem(
  validation: ValidationResult,
  edgeId: string,
  filter: string,
): string | null {
  if (filter.trim() === '') return null;
  const edge = validation.document?.edges.find((e) => e.id === edgeId);
  if (!edge) return `no edge "${edgeId}"`;
  const stream = validation.inputs.get(edge.target)?.[edge.targetPort];
  const scope = { fields: stream?.schema ?? { fields: {}, open: true } };
  const checked = checkExpression(filter, scope, { expectType: 'boolean' });
  const first = checked.errors[0];
  if (!first) return null;
  const at = first.end > first.start ? ` (at ${first.start + 1}-${first.end})` : '';
  return `${first.message}${first.suggestion ? ` (did you mean ${first.suggestion}?)` : ''}${at}`;
}
