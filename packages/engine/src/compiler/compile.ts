import {
  formatIssue,
  getKind,
  type NodeCategory,
  type OutputPortSpec,
  type PipelineDocument,
  type PipelineEdge,
  portsOf,
  type ValidationIssue,
  validateDocument,
} from '@eventide/shared';
import { ExpressionError } from '../expr/index.js';
import type { CompileOptions, PartitionOptions, Sink, Source } from '../host.js';
import { createOperator, createStage, isOperatorKind, isStageKind } from '../operators/registry.js';
import type { StatelessStage } from '../operators/transform/stage.js';
import {
  EXCHANGE_IN_KIND,
  EXCHANGE_OUT_KIND,
  exchangeInId,
  exchangeOutId,
} from '../parallel/exchange-kinds.js';
import type { Operator, OperatorNode } from '../runtime/operator.js';
import { type CollectingSink, createCollectingSink } from '../sinks/collecting.js';
import { ENGINE_SOURCE_FACTORIES } from '../sources/engine-sources.js';

/** A document that cannot run: every issue names the node (or edge), the param path and the reason. */
export class InvalidPipelineError extends Error {
  override readonly name = 'InvalidPipelineError';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n') || 'invalid pipeline');
  }
}

export interface CompiledNode {
  id: string;
  kind: string;
  category: NodeCategory;
  /** What operators and host factories receive. */
  node: OperatorNode;
  outputs: OutputPortSpec[];
}

/** One unit of execution, in topological order. */
export type ExecPlan =
  | { type: 'source'; node: CompiledNode; source: Source }
  | { type: 'operator'; node: CompiledNode; operator: Operator }
  /** Consecutive stateless nodes run as one loop; nodes[0] receives, the last one emits "out". */
  | { type: 'chain'; nodes: CompiledNode[]; stages: StatelessStage[] }
  | { type: 'sink'; node: CompiledNode; sink: Sink; collecting: CollectingSink | null };

export interface CompiledPipeline {
  document: PipelineDocument;
  /** Event time when an assign-timestamps node exists. */
  timeMode: 'event' | 'processing';
  /** Execution units in topological order. */
  plan: ExecPlan[];
  nodes: Map<string, CompiledNode>;
  edges: PipelineEdge[];
  warnings: ValidationIssue[];
}

const DEFAULT_COLLECT_LIMIT = 10_000;

/**
 * Validates a document (any supported version) and builds its operator graph in topological order,
 * fusing chains of stateless nodes. Throws InvalidPipelineError when the document is invalid, a kind
 * has no implementation here or in the host, or an expression does not compile.
 */
export function compilePipeline(input: unknown, options: CompileOptions = {}): CompiledPipeline {
  const validation = validateDocument(input);
  if (!validation.ok || !validation.document) throw new InvalidPipelineError(validation.errors);
  const document = validation.document;
  const issues: ValidationIssue[] = [];

  const nodes = new Map<string, CompiledNode>();
  for (const n of document.nodes) {
    const spec = getKind(n.kind);
    if (!spec) continue; // the validator already rejected unknown kinds
    const params = validation.params.get(n.id) ?? {};
    nodes.set(n.id, {
      id: n.id,
      kind: n.kind,
      category: spec.category,
      node: {
        id: n.id,
        kind: n.kind,
        params,
        inputs: validation.inputs.get(n.id) ?? {},
        connectedOutputs: options.watchesAllOutputs
          ? undefined
          : [...new Set(document.edges.filter((e) => e.source === n.id).map((e) => e.sourcePort))],
      },
      outputs: portsOf(n.kind, params).outputs,
    });
  }

  const part = options.partition ? partitionOf(document.edges, options.partition) : null;
  const edges = part ? part.edges : document.edges;
  const order = part ? validation.order.filter((id) => part.nodes.has(id)) : validation.order;
  if (part) for (const id of [...nodes.keys()]) if (!part.nodes.has(id)) nodes.delete(id);

  const fusable = (id: string) => {
    const kind = nodes.get(id)?.kind ?? '';
    return isStageKind(kind) && !options.operators?.[kind];
  };
  const plan: ExecPlan[] = [];
  const chainOf = new Map<string, Extract<ExecPlan, { type: 'chain' }>>();

  // A stage of a parallel run: its exchanges in come first, its exchanges out last.
  if (part)
    for (const x of part.inputs) {
      nodes.set(x.compiled.id, x.compiled);
      plan.push({ type: 'source', node: x.compiled, source: x.source });
    }
  for (const id of order) {
    const compiled = nodes.get(id) as CompiledNode;
    const { node, kind } = compiled;
    try {
      if (compiled.category === 'source') {
        const override = options.sourceOverrides?.[id];
        const factory = options.sources?.[kind] ?? ENGINE_SOURCE_FACTORIES[kind];
        if (override) plan.push({ type: 'source', node: compiled, source: override });
        else if (factory) plan.push({ type: 'source', node: compiled, source: factory(node) });
        else issues.push(missing(id, kind, 'the host provides no source for this kind'));
      } else if (compiled.category === 'sink') {
        const hosted = options.sinkFor?.(node) ?? options.sinks?.[kind]?.(node);
        if (hosted) plan.push({ type: 'sink', node: compiled, sink: hosted, collecting: null });
        else {
          const collecting = createCollectingSink(id, options.collectLimit ?? DEFAULT_COLLECT_LIMIT);
          plan.push({ type: 'sink', node: compiled, sink: collecting, collecting });
        }
      } else if (fusable(id) && isStageKind(kind)) {
        const stage = createStage(kind, node);
        const upstream = fusableUpstream(id, edges);
        const fuse = options.fuseChains !== false && upstream !== null && fusable(upstream);
        const chain = fuse ? chainOf.get(upstream) : undefined;
        if (chain) {
          chain.nodes.push(compiled);
          chain.stages.push(stage);
          chainOf.set(id, chain);
        } else {
          const created: Extract<ExecPlan, { type: 'chain' }> = {
            type: 'chain',
            nodes: [compiled],
            stages: [stage],
          };
          plan.push(created);
          chainOf.set(id, created);
        }
      } else {
        const override = options.operators?.[kind];
        if (override) plan.push({ type: 'operator', node: compiled, operator: override(node) });
        else if (isOperatorKind(kind))
          plan.push({ type: 'operator', node: compiled, operator: createOperator(kind, node) });
        else issues.push(missing(id, kind, 'the engine does not implement this kind yet'));
      }
    } catch (err) {
      issues.push(buildIssue(id, err));
    }
  }
  if (part)
    for (const x of part.outputs) {
      nodes.set(x.compiled.id, x.compiled);
      plan.push({ type: 'sink', node: x.compiled, sink: x.sink, collecting: null });
    }
  if (issues.length > 0) throw new InvalidPipelineError(issues);

  return {
    document,
    timeMode: document.nodes.some((n) => n.kind === 'time.assign-timestamps') ? 'event' : 'processing',
    plan,
    nodes,
    edges,
    warnings: validation.warnings,
  };
}

/**
 * The node a stateless node can fuse behind: its single input edge comes from that node's "out",
 * and that port feeds nothing else (a fan-out needs the batch materialized anyway).
 */
function fusableUpstream(id: string, edges: PipelineEdge[]): string | null {
  const into = edges.filter((e) => e.target === id);
  if (into.length !== 1) return null;
  const edge = into[0] as PipelineEdge;
  if (edge.sourcePort !== 'out') return null;
  const siblings = edges.filter((e) => e.source === edge.source && e.sourcePort === 'out');
  return siblings.length === 1 ? edge.source : null;
}

const EXCHANGE_PORT: OutputPortSpec = { id: 'out', label: 'out', type: 'events', role: 'main' };

/**
 * One stage's share of the graph: its nodes, its edges (a cut edge re-attached to an exchange node)
 * and the exchange nodes with the source or sink the host made for each cut edge.
 */
function partitionOf(all: PipelineEdge[], p: PartitionOptions) {
  const edges: PipelineEdge[] = [];
  const inputs: { compiled: CompiledNode; source: Source }[] = [];
  const outputs: { compiled: CompiledNode; sink: Sink }[] = [];
  const exchangeNode = (id: string, kind: string, category: NodeCategory, outputs: OutputPortSpec[]) => ({
    id,
    kind,
    category,
    node: { id, kind, params: {}, inputs: {} },
    outputs,
  });
  for (const e of all) {
    const from = p.nodes.has(e.source);
    const to = p.nodes.has(e.target);
    if (from && to) edges.push(e);
    else if (to) {
      const id = exchangeInId(e.id);
      inputs.push({
        compiled: exchangeNode(id, EXCHANGE_IN_KIND, 'source', [EXCHANGE_PORT]),
        source: p.exchangeIn(e),
      });
      edges.push({ ...e, source: id, sourcePort: 'out' });
    } else if (from) {
      const id = exchangeOutId(e.id);
      outputs.push({ compiled: exchangeNode(id, EXCHANGE_OUT_KIND, 'sink', []), sink: p.exchangeOut(e) });
      edges.push({ ...e, target: id, targetPort: 'in' });
    }
  }
  return { nodes: p.nodes, edges, inputs, outputs };
}

function missing(node: string, kind: string, why: string): ValidationIssue {
  return { severity: 'error', node, path: 'kind', message: `cannot run ${kind}: ${why}` };
}

function buildIssue(node: string, err: unknown): ValidationIssue {
  if (err instanceof ExpressionError)
    return {
      severity: 'error',
      node,
      path: 'params',
      message: err.message,
      start: err.start,
      end: err.end,
    };
  return {
    severity: 'error',
    node,
    path: 'params',
    message: err instanceof Error ? err.message : String(err),
  };
}
