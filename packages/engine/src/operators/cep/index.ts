/**
 * Complex event processing: the `cep.pattern` node, Flink CEP's semantics.
 * - pattern-params.ts   the node's params as the catalog parses them
 * - conditions.ts       CEL step conditions and their combinations (edge conditions)
 * - nfa-compiler.ts     pattern -> NFA of states with take / ignore / proceed edges (Flink's NFACompiler)
 * - nfa.ts              advances one key's partial matches through the NFA (Flink's NFA)
 * - shared-buffer.ts    matched events as a persistent DAG shared by branches (Flink's SharedBuffer)
 * - after-match-skip.ts the skip strategies
 * - event-time-buffer.ts events wait for the watermark, then run in event-time order
 * - timer-queue.ts      `within` deadlines in time order
 * - key-state.ts        per-key state; snapshot.ts its JSON form; pattern-operator.ts the operator
 */
import type { KindOperatorFactory } from '../../runtime/operator.js';
import { PatternOperator } from './pattern-operator.js';

/** Operators of the complex-event-processing family, by node kind. */
export const cepOperators: { 'cep.pattern': KindOperatorFactory<'cep.pattern'> } = {
  'cep.pattern': (node) => new PatternOperator(node, node.params),
};

export { PatternOperator } from './pattern-operator.js';
export { type PatternParams, parsePatternParams } from './pattern-params.js';
