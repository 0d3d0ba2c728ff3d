import type { OperatorFactory } from '../../runtime/operator.js';

/** Operators of the complex-event-processing family, by node kind. */
export const cepOperators: Record<string, OperatorFactory> = {};
