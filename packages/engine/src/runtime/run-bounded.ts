import { getKind, portsOf, type RunMetrics, validateDocument } from '@eventide/shared';
import { InvalidPipelineError } from '../compiler/compile.js';
import type { CompileOptions, Source } from '../host.js';
import { createMemorySource } from '../sources/memory.js';
import type { Event } from './operator.js';
import { createRun } from './run.js';
import { runToEnd } from './run-to-end.js';

export interface RunBoundedOptions
  extends Pick<CompileOptions, 'sources' | 'sinks' | 'sinkFor' | 'operators'> {
  /** Replaces these source nodes by memory sources over the events (which carry their own `ts`). */
  inputs?: Record<string, Event[]>;
  /** Micro-batch size (settings.microBatch.maxEvents override). */
  maxEvents?: number;
  /** Propagate watermarks only every N batches (always at end of input). */
  watermarkEvery?: number;
  /** Processing time; default Date.now. */
  clock?: () => number;
}

export interface BoundedResult {
  /** Per sink node id what reached it; per "node.port" what a late, error or timeout port emitted. */
  outputs: Record<string, Event[]>;
  metrics: RunMetrics;
}

/**
 * Runs a pipeline over bounded inputs to completion, as fast as the CPU allows: generators run at
 * pacing "max" and micro-batches never wait for maxDelayMs. Throws InvalidPipelineError for an
 * invalid pipeline or an unbounded source, Error when the run fails.
 */
export async function runBounded(document: unknown, options: RunBoundedOptions = {}): Promise<BoundedResult> {
  const validation = validateDocument(document);
  if (!validation.ok || !validation.document) throw new InvalidPipelineError(validation.errors);
  const doc = structuredClone(validation.document);
  const inputs = options.inputs ?? {};
  const sourceOverrides: Record<string, Source> = {};
  for (const node of doc.nodes) {
    const events = inputs[node.id];
    if (events) {
      sourceOverrides[node.id] = createMemorySource(node.id, events);
      continue;
    }
    if (node.kind !== 'source.generator') continue;
    const params = validation.params.get(node.id) ?? {};
    if (!(Number(params.limit) > 0))
      throw new InvalidPipelineError([
        {
          severity: 'error',
          node: node.id,
          path: 'params.limit',
          message: 'runs to completion need a bounded generator: set limit, or give inputs for it',
        },
      ]);
    node.params = { ...params, pacing: 'max' };
  }

  const run = createRun(doc, {
    ...options,
    sourceOverrides,
    maxDelayMs: 0,
    // The outputs are gathered from watchers: default sinks need to keep nothing, every port emits.
    collectLimit: 0,
    watchesAllOutputs: true,
  });
  const collected: Record<string, Event[]> = {};
  const collect = (key: string) => {
    const into: Event[] = [];
    collected[key] = into;
    return (events: Event[]) => {
      for (const e of events) into.push(e);
    };
  };
  for (const node of doc.nodes) {
    const spec = getKind(node.kind);
    if (!spec) continue;
    // Sinks by what reaches them, so host-provided sinks are covered too.
    if (spec.category === 'sink') run.watchSink(node.id, collect(node.id));
    for (const port of portsOf(node.kind, node.params).outputs) {
      if (port.role !== 'main') run.watchOutput(node.id, port.id, collect(`${node.id}.${port.id}`));
    }
  }

  const end = await runToEnd(run);
  if (end.state === 'failed') throw new Error(`run failed: ${end.error ?? 'unknown error'}`);
  return { outputs: collected, metrics: run.metrics() };
}
