import type { OperatorFactory } from '../../runtime/operator.js';

/** Window operators by catalog kind; merged into the engine's registry. */
export const windowOperators: Record<string, OperatorFactory> = {};
