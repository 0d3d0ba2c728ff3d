import type { OperatorFactory } from '../../runtime/operator.js';

/** Join operators by catalog kind; merged into the engine's registry. */
export const joinOperators: Record<string, OperatorFactory> = {};
