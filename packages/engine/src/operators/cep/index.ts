import type { OperatorFactory } from '../../runtime/operator.js';
import { PatternOperator } from './pattern-operator.js';
import { parsePatternParams } from './pattern-params.js';

/** Operators of the complex-event-processing family, by node kind. */
export const cepOperators: Record<string, OperatorFactory> = {
  'cep.pattern': (node) => new PatternOperator(node, parsePatternParams(node.params)),
};

export { PatternOperator } from './pattern-operator.js';
export { type PatternParams, parsePatternParams } from './pattern-params.js';
