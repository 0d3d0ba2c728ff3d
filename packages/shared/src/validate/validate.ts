import type { z } from 'zod';
import { getKind, NODE_KINDS, portsOf } from '../catalog/index.js';
import { EMPTY_STREAM, mergeSchemas } from '../catalog/stream.js';
import type { NodeKindSpec, StreamInfo } from '../catalog/types.js';
import { migrate, migrateKindParams } from '../document/load.js';
import { type PipelineDocument, PipelineDocumentSchema } from '../document/schema.js';
import { checkExpression, closestName } from '../expr/index.js';
import { topologicalOrder } from './graph.js';
import { joinPath, type ValidationIssue } from './issues.js';
import { checkPipelineTests } from './pipeline-tests.js';

export interface ValidationResult {
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** The parsed (and migrated) document, when its structure is sound. */
  document?: PipelineDocument;
  /** Each node's params with defaults filled in, for nodes whose params are valid. */
  params: Map<string, Record<string, unknown>>;
  /** The stream arriving on each input port of each node, for field completion in the editor. */
  inputs: Map<string, Record<string, StreamInfo>>;
  /** Node ids in topological order (empty when the graph has a cycle). */
  order: string[];
}

/**
 * Checks a document of any supported version: its structure, every node's kind and params, the
 * edges and ports, cycles, expressions and field names against the inferred schemas, and event time.
 * Never throws: anything wrong becomes an issue naming the node or edge and the param path.
 */
export function validateDocument(input: unknown): ValidationResult {
  const result: ValidationResult = {
    ok: false,
    errors: [],
    warnings: [],
    params: new Map(),
    inputs: new Map(),
    order: [],
  };
  const migrated = migrate(input);
  if (!migrated.ok) {
    result.errors.push({ severity: 'error', path: '', message: migrated.message });
    return result;
  }
  const parsed = PipelineDocumentSchema.safeParse(migrated.doc);
  if (!parsed.success) {
    result.errors.push(...structureIssues(parsed.error, migrated.doc));
    return result;
  }
  const doc = parsed.data;
  const kinds = migrateKindParams(doc);
  if (!kinds.ok) {
    result.errors.push(
      ...kinds.errors.map((e) => ({
        severity: 'error' as const,
        node: e.node,
        path: 'params',
        message: e.message,
      })),
    );
    return result;
  }
  result.document = doc;
  const errors = result.errors;
  const error = (issue: Omit<ValidationIssue, 'severity'>) => errors.push({ severity: 'error', ...issue });

  // Nodes: unique ids, known kinds, valid params.
  const nodes = new Map<string, { spec: NodeKindSpec; kind: string }>();
  for (const node of doc.nodes) {
    if (nodes.has(node.id) || result.params.has(node.id)) {
      error({ node: node.id, path: 'id', message: `duplicate node id "${node.id}"` });
      continue;
    }
    const spec = getKind(node.kind);
    if (!spec) {
      const hint = closestName(
        node.kind,
        NODE_KINDS.map((k) => k.kind),
      );
      error({
        node: node.id,
        path: 'kind',
        message: `unknown kind "${node.kind}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      });
      continue;
    }
    nodes.set(node.id, { spec, kind: node.kind });
    const p = spec.params.safeParse(node.params);
    if (p.success) result.params.set(node.id, p.data as Record<string, unknown>);
    else
      for (const issue of p.error.issues)
        error({ node: node.id, path: joinPath(['params', ...issue.path]), message: issue.message });
  }

  // Edges: endpoints and ports exist, types fit, no duplicates, single-edge ports hold one edge.
  const edgeIds = new Set<string>();
  const seenLinks = new Set<string>();
  const edgesInto = new Map<string, string[]>();
  const goodEdges: PipelineDocument['edges'] = [];
  for (const edge of doc.edges) {
    const fail = (path: string, message: string) => error({ edge: edge.id, path, message });
    if (edgeIds.has(edge.id)) {
      fail('id', `duplicate edge id "${edge.id}"`);
      continue;
    }
    edgeIds.add(edge.id);
    const src = doc.nodes.find((n) => n.id === edge.source);
    const dst = doc.nodes.find((n) => n.id === edge.target);
    if (!src) fail('source', `no node "${edge.source}"`);
    if (!dst) fail('target', `no node "${edge.target}"`);
    if (!src || !dst || !nodes.has(src.id) || !nodes.has(dst.id)) continue;
    const outPort = portsOf(src.kind, src.params).outputs.find((p) => p.id === edge.sourcePort);
    const inPort = portsOf(dst.kind, dst.params).inputs.find((p) => p.id === edge.targetPort);
    if (!outPort) {
      fail('sourcePort', `${src.kind} "${src.id}" has no output port "${edge.sourcePort}"`);
      continue;
    }
    if (!inPort) {
      fail('targetPort', `${dst.kind} "${dst.id}" has no input port "${edge.targetPort}"`);
      continue;
    }
    if (!inPort.accepts.includes(outPort.type)) {
      fail(
        'targetPort',
        `port "${inPort.id}" of "${dst.id}" takes ${inPort.accepts.join(' or ')}, but "${src.id}".${outPort.id} gives ${outPort.type}`,
      );
      continue;
    }
    const link = `${edge.source}.${edge.sourcePort}->${edge.target}.${edge.targetPort}`;
    if (seenLinks.has(link)) {
      fail(
        '',
        `duplicate of another edge from ${edge.source}.${edge.sourcePort} to ${edge.target}.${edge.targetPort}`,
      );
      continue;
    }
    seenLinks.add(link);
    const into = `${edge.target}.${edge.targetPort}`;
    const existing = edgesInto.get(into) ?? [];
    if (existing.length > 0 && !inPort.multiple) {
      fail(
        'targetPort',
        `port "${inPort.id}" of "${dst.id}" already has an edge from "${existing[0]}"; merge streams with a union node`,
      );
      continue;
    }
    edgesInto.set(into, [...existing, edge.source]);
    goodEdges.push(edge);
  }

  // Required inputs.
  for (const node of doc.nodes) {
    if (!nodes.has(node.id)) continue;
    for (const port of portsOf(node.kind, node.params).inputs)
      if (port.required && !edgesInto.has(`${node.id}.${port.id}`))
        error({ node: node.id, path: `inputs.${port.id}`, message: `input "${port.id}" is not connected` });
  }

  // Cycles, then schema inference in topological order.
  const ids = doc.nodes.filter((n) => nodes.has(n.id)).map((n) => n.id);
  const { order, cyclic } = topologicalOrder(ids, goodEdges);
  if (cyclic.length > 0) {
    error({
      path: 'edges',
      message: `the graph has a cycle through ${cyclic.map((c) => `"${c}"`).join(', ')}`,
    });
  } else {
    result.order = order;
    inferStreams(nodes, goodEdges, result);
  }

  // The dashboard shows panels of dashboard sinks only.
  doc.layout.dashboard.panels.forEach((panel, i) => {
    const node = nodes.get(panel.node);
    if (!node) error({ path: `layout.dashboard.panels.${i}.node`, message: `no node "${panel.node}"` });
    else if (!node.spec.panel)
      error({
        path: `layout.dashboard.panels.${i}.node`,
        message: `"${panel.node}" is a ${node.kind}, not a dashboard sink`,
      });
  });

  errors.push(...checkPipelineTests(doc));

  if (!doc.nodes.some((n) => n.kind === 'time.assign-timestamps') && doc.nodes.length > 0)
    result.warnings.push({
      severity: 'warning',
      path: '',
      message: 'no assign-timestamps node: this pipeline runs in processing time',
    });
  result.ok = errors.length === 0;
  return result;
}

/** Walks nodes in topological order, inferring each port's stream, and checks what depends on it. */
function inferStreams(
  nodes: Map<string, { spec: NodeKindSpec }>,
  edges: PipelineDocument['edges'],
  result: ValidationResult,
) {
  const outputs = new Map<string, Record<string, StreamInfo>>();
  const error = (issue: Omit<ValidationIssue, 'severity'>) =>
    result.errors.push({ severity: 'error', ...issue });
  for (const id of result.order) {
    const spec = nodes.get(id)!.spec;
    const inputs: Record<string, StreamInfo> = {};
    for (const e of edges.filter((edge) => edge.target === id)) {
      const upstream = outputs.get(e.source)?.[e.sourcePort] ?? EMPTY_STREAM;
      const prior = inputs[e.targetPort];
      inputs[e.targetPort] = prior ? mergeStreams(prior, upstream) : upstream;
    }
    result.inputs.set(id, inputs);
    const params = result.params.get(id);
    if (!params) {
      outputs.set(id, {});
      continue;
    }
    try {
      outputs.set(id, spec.inferOutputs(params, inputs));
    } catch (e) {
      error({ node: id, path: 'params', message: `cannot infer the output fields: ${(e as Error).message}` });
      outputs.set(id, {});
      continue;
    }
    for (const ref of spec.expressions?.(params) ?? []) {
      const stream = inputs[ref.inputPort] ?? EMPTY_STREAM;
      const checked = checkExpression(
        ref.source,
        { fields: stream.schema, variables: ref.variables ?? {} },
        { expectType: ref.expect },
      );
      for (const e of checked.errors)
        error({ node: id, path: `params.${ref.path}`, message: e.message, start: e.start, end: e.end });
    }
    for (const ref of spec.fieldRefs?.(params) ?? []) {
      const schema = (inputs[ref.inputPort] ?? EMPTY_STREAM).schema;
      if (schema.open || ref.field in schema.fields) continue;
      const known = Object.keys(schema.fields);
      const hint = closestName(ref.field, known);
      error({
        node: id,
        path: `params.${ref.path}`,
        message: `unknown field "${ref.field}"${hint ? ` (did you mean "${hint}"?)` : ''}; the input has ${known.join(', ') || 'no fields'}`,
      });
    }
    const connected = Object.keys(inputs).length > 0;
    if (connected && spec.needsEventTime?.(params) && !Object.values(inputs).every((s) => s.eventTime))
      error({
        node: id,
        path: 'params.timeMode',
        message: 'needs event time: add an assign-timestamps node upstream, or set timeMode to "processing"',
      });
  }
}

function mergeStreams(a: StreamInfo, b: StreamInfo): StreamInfo {
  const sameKey = JSON.stringify(a.key) === JSON.stringify(b.key);
  return {
    schema: mergeSchemas(a.schema, b.schema),
    key: sameKey ? a.key : null,
    eventTime: a.eventTime && b.eventTime,
  };
}

/** Structural zod issues, attributed to the node or edge they are in where the path says so. */
function structureIssues(error: z.ZodError, doc: Record<string, unknown>): ValidationIssue[] {
  return error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    if ((head === 'nodes' || head === 'edges') && typeof index === 'number') {
      const item = (doc[head] as unknown[] | undefined)?.[index] as { id?: unknown } | undefined;
      const id = typeof item?.id === 'string' ? item.id : `#${index}`;
      return {
        severity: 'error',
        [head === 'nodes' ? 'node' : 'edge']: id,
        path: joinPath(rest),
        message: issue.message,
      };
    }
    return { severity: 'error', path: joinPath(issue.path), message: issue.message };
  });
}
