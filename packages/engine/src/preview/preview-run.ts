import { getKind, portsOf, type RunMetrics, type ValidationIssue, validateDocument } from '@eventide/shared';
import type { Source } from '../host.js';
import type { Event } from '../runtime/operator.js';
import { createRun } from '../runtime/run.js';
import { runToEnd } from '../runtime/run-to-end.js';
import { createMemorySource } from '../sources/memory.js';
import { TEST_CLOCK_MS } from '../testing/run-pipeline-tests.js';

/**
 * The editor's preview: the open document run to the end on sample input, with every node's every
 * output port recorded (the first rows of each and its count), so a person sees what each step
 * does to the data before anything is deployed. Generators generate (bounded); sources that need
 * a server (files, ingest, brokers) take the sample events they were given, or are reported as
 * waiting for one. Browser-safe: the editor runs it in a Web Worker.
 */

export interface PreviewOptions {
  /** Sample events per source node id; they replace the source whatever its kind. */
  samples?: Record<string, Event[]>;
  /** Events a generator without a smaller limit produces; default 10,000. */
  generatorEvents?: number;
  /** Rows kept per output port (counts cover every event); default 500. */
  rowsPerPort?: number;
}

export interface PortPreview {
  count: number;
  /** The first rows, in emission order. */
  rows: Event[];
}

export type PreviewResult =
  | {
      ok: true;
      /** nodeId -> port -> what it emitted (sinks: their "in" port, what reached them). */
      ports: Record<string, Record<string, PortPreview>>;
      /** Sources with neither a sample nor a way to produce events by themselves. */
      waitingForSamples: string[];
      metrics: RunMetrics;
      /** CPU time of the run in ms. */
      elapsedMs: number;
    }
  | { ok: false; errors: ValidationIssue[] }
  | { ok: false; failure: string };

export async function previewRun(document: unknown, options: PreviewOptions = {}): Promise<PreviewResult> {
  const validation = validateDocument(document);
  if (!validation.ok || !validation.document) return { ok: false, errors: validation.errors };
  const doc = structuredClone(validation.document);
  const samples = options.samples ?? {};
  const limit = options.generatorEvents ?? 10_000;
  const rowsPerPort = options.rowsPerPort ?? 500;
  const sourceOverrides: Record<string, Source> = {};
  const waitingForSamples: string[] = [];
  for (const node of doc.nodes) {
    if (getKind(node.kind)?.category !== 'source') continue;
    const sample = samples[node.id];
    if (sample) sourceOverrides[node.id] = createMemorySource(node.id, sample);
    else if (node.kind === 'source.generator') {
      const params = validation.params.get(node.id) ?? {};
      const own = Number(params.limit);
      node.params = { ...params, limit: own > 0 ? Math.min(own, limit) : limit, pacing: 'max' };
    } else {
      waitingForSamples.push(node.id);
      sourceOverrides[node.id] = createMemorySource(node.id, []);
    }
  }

  const started = performance.now();
  const ports: Record<string, Record<string, PortPreview>> = {};
  const record = (nodeId: string, port: string) => {
    const into: PortPreview = { count: 0, rows: [] };
    const nodePorts = ports[nodeId] ?? {};
    nodePorts[port] = into;
    ports[nodeId] = nodePorts;
    return (events: Event[]) => {
      into.count += events.length;
      const room = rowsPerPort - into.rows.length;
      for (let i = 0; i < room && i < events.length; i++) into.rows.push(events[i]!);
    };
  };
  try {
    const run = createRun(doc, {
      sourceOverrides,
      maxDelayMs: 0,
      collectLimit: 0,
      watchesAllOutputs: true,
      fuseChains: false,
      // Fixed processing time: processing-time windows give the same rows on every edit.
      clock: () => TEST_CLOCK_MS,
    });
    for (const node of doc.nodes) {
      const spec = getKind(node.kind);
      if (!spec) continue;
      if (spec.category === 'sink') run.watchSink(node.id, record(node.id, 'in'));
      else
        for (const port of portsOf(node.kind, node.params).outputs)
          run.watchOutput(node.id, port.id, record(node.id, port.id));
    }
    const end = await runToEnd(run);
    if (end.state === 'failed') return { ok: false, failure: end.error ?? 'the run failed' };
    return {
      ok: true,
      ports,
      waitingForSamples,
      metrics: run.metrics(),
      elapsedMs: performance.now() - started,
    };
  } catch (e) {
    return { ok: false, failure: e instanceof Error ? e.message : String(e) };
  }
}
