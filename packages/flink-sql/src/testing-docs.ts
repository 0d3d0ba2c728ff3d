/** Pipelines for tests (this package's and the server's differential suite): small documents built in code. */
/** Small pipeline documents for compiler tests: nodes in a chain unless edges are given. */
export interface TestNode {
  id: string;
  kind: string;
  params?: Record<string, unknown>;
}

export function chain(...nodes: TestNode[]) {
  return pipeline(
    nodes,
    nodes.slice(1).map((n, i) => [nodes[i]?.id ?? '', n.id]),
  );
}

/** edges as [source, target] or [source:port, target:port]. */
export function pipeline(nodes: TestNode[], edges: [string, string][]) {
  return {
    version: 1,
    name: 'Test pipeline',
    nodes: nodes.map((n, i) => ({
      id: n.id,
      kind: n.kind,
      params: n.params ?? {},
      position: { x: i * 100, y: 0 },
    })),
    edges: edges.map(([s, t], i) => {
      const [source, sourcePort = 'out'] = s.split(':');
      const [target, targetPort = 'in'] = t.split(':');
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
}

export const replay = (
  id = 'src',
  fields: [string, string][] = [
    ['user', 'string'],
    ['page', 'string'],
    ['amount', 'number'],
    ['ts', 'number'],
  ],
) => ({
  id,
  kind: 'source.file-replay',
  params: { path: `in/${id}.jsonl`, fields: fields.map(([name, type]) => ({ name, type })) },
});
export const time = (
  id = 'time',
  params: Record<string, unknown> = { timestamp: 'ts', maxOutOfOrdernessMs: 1000 },
) => ({
  id,
  kind: 'time.assign-timestamps',
  params,
});
export const fileSink = (id = 'out') => ({ id, kind: 'sink.file', params: { path: `out/${id}.jsonl` } });
