import type { PipelineDocumentInput } from '@eventide/shared';

type NodeSpec = { id: string; kind: string; params?: Record<string, unknown> };

/**
 * A pipeline document from nodes and "a->b" / "a.port->b.port" edge strings, for tests.
 */
export function pipeline(
  nodes: NodeSpec[],
  edges: string[],
  settings: Record<string, unknown> = {},
): PipelineDocumentInput {
  return {
    version: 2,
    name: 'test',
    settings: settings as PipelineDocumentInput['settings'],
    nodes: nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params ?? {} })),
    edges: edges.map((e, i) => {
      const [from, to] = e.split('->') as [string, string];
      const [source, sourcePort = 'out'] = from.split('.') as [string, string?];
      const [target, targetPort = 'in'] = to.split('.') as [string, string?];
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
}

/** A fixed processing-time clock, so tests never depend on the wall clock. */
export const fixedClock =
  (t = 1_000) =>
  () =>
    t;

/** A clock the test advances by hand. */
export function manualClock(start = 0) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(t: number) {
      now = t;
    },
  };
}
