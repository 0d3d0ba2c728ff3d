import type { StateFate } from '@eventide/shared';
import type { RunSnapshot } from '../host.js';

/**
 * The snapshot a new version of a running pipeline starts from: the old run's source offsets,
 * sink states and watermarks, and the operator state of exactly the nodes whose state the plan
 * keeps (planStateCarryOver). A dropped or new node starts empty; so does every node the plan
 * does not name (a stateless one has nothing to restore).
 */
export function carryOverSnapshot(snapshot: RunSnapshot, plan: readonly StateFate[]): RunSnapshot {
  const kept = new Set(plan.filter((f) => f.fate === 'kept').map((f) => f.node));
  const operators: Record<string, unknown> = {};
  for (const [id, state] of Object.entries(snapshot.operators)) if (kept.has(id)) operators[id] = state;
  return { ...snapshot, operators };
}
