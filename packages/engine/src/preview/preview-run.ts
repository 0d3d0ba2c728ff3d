import { getKind, portsOf, type RunMetrics, type ValidationIssue, validateDocument } from '@eventide/shared';
import type { Source } from '../host.js';
import type { Event } from '../runtime/operator.js';
import { createRun } from '../runtime/run.js';
import { runToEnd } from '../runtime/run-to-end.js';
import { ENGINE_SOURCE_FACTORIES } from '../sources/engine-sources.js';
import { createMemorySource } from '../sources/memory.js';
import { TEST_CLOCK_MS } from '../testing/run-pipeline-tests.js';
import { holdAtEnd } from './hold-at-end.js';

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
  /** Rows kept of each node's input (the event-time inspector draws them); default rowsPerPort. */
  inputRowsPerNode?: number;
  /**
   * When given, only these nodes keep input rows (the one an inspector shows): the others count
   * their input and keep no row, which spares recording and copying rows nobody looks at.
   */
  inputRowsOf?: readonly string[];
  /**
   * Nodes whose operator state (snapshot()) to report as it stood when the input ended, before
   * the end-of-input watermark flushed it: the partial matches a pattern still had open.
   */
  stateOf?: string[];
}

export interface PortPreview {
  count: number;
  /** The first rows, in emission order. */
  rows: Event[];
  /** Event time of each kept row (processing time ahead of assign-timestamps). */
  times: number[];
  /** For each kept row, how many events the node had received when it emitted the row. */
  atInput: number[];
}

/** [events the node had received, its input watermark from then on], one entry per change. */
export type WatermarkTrace = [number, number][];

export type PreviewResult =
  | {
      ok: true;
      /** nodeId -> port -> what it emitted (sinks: their "in" port, what reached them). */
      ports: Record<string, Record<string, PortPreview>>;
      /** nodeId -> what reached the node over all its input edges, in arrival order (not sources). */
      inputs: Record<string, PortPreview>;
      /** nodeId -> its input watermark as the input arrived (nodes with an event-time watermark). */
      watermarks: Record<string, WatermarkTrace>;
      /** nodeId -> its operator state when the input ended (the nodes of `stateOf`). */
      states: Record<string, unknown>;
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
  const inputRows = options.inputRowsPerNode ?? rowsPerPort;
  const stateOf = new Set(options.stateOf ?? []);
  const sourceOverrides: Record<string, Source> = {};
  const waitingForSamples: string[] = [];
  // With state asked for, every source holds one idle step at its end: the moment to read it.
  const held: ReturnType<typeof holdAtEnd>[] = [];
  const hold = (source: Source) => {
    if (stateOf.size === 0) return source;
    const h = holdAtEnd(source);
    held.push(h);
    return h;
  };
  const sources: Record<string, (node: Parameters<(typeof ENGINE_SOURCE_FACTORIES)[string]>[0]) => Source> =
    {};
  for (const [kind, factory] of Object.entries(ENGINE_SOURCE_FACTORIES))
    sources[kind] = (node) => hold(factory(node));
  for (const node of doc.nodes) {
    if (getKind(node.kind)?.category !== 'source') continue;
    const sample = samples[node.id];
    if (sample) sourceOverrides[node.id] = hold(createMemorySource(node.id, sample));
    else if (node.kind === 'source.generator') {
      const params = validation.params.get(node.id) ?? {};
      const own = Number(params.limit);
      node.params = { ...params, limit: own > 0 ? Math.min(own, limit) : limit, pacing: 'max' };
    } else {
      waitingForSamples.push(node.id);
      sourceOverrides[node.id] = hold(createMemorySource(node.id, []));
    }
  }

  const started = performance.now();
  const ports: Record<string, Record<string, PortPreview>> = {};
  const inputs: Record<string, PortPreview> = {};
  const watermarks: Record<string, WatermarkTrace> = {};
  const states: Record<string, unknown> = {};
  // An input row's atInput is its own arrival number; an output row's, the count when emitted.
  const recorder =
    (into: PortPreview, received: () => number, kept = rowsPerPort) =>
    (events: Event[], times: number[]) => {
      const before = into.count;
      into.count += events.length;
      const room = kept - into.rows.length;
      const at = received();
      for (let i = 0; i < room && i < events.length; i++) {
        into.rows.push(events[i]!);
        into.times.push(times[i]!);
        into.atInput.push(at < 0 ? before + i + 1 : at);
      }
    };
  const empty = (): PortPreview => ({ count: 0, rows: [], times: [], atInput: [] });
  for (const node of doc.nodes) if (getKind(node.kind)?.category !== 'source') inputs[node.id] = empty();
  const receivedBy = (nodeId: string) => () => inputs[nodeId]?.count ?? 0;
  const record = (nodeId: string, port: string) => {
    const into = empty();
    const nodePorts = ports[nodeId] ?? {};
    nodePorts[port] = into;
    ports[nodeId] = nodePorts;
    return recorder(into, receivedBy(nodeId));
  };
  try {
    const run = createRun(doc, {
      sourceOverrides,
      sources,
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
    // Registered after the nodes' own: an upstream batch counts as received before the node emits.
    for (const edge of doc.edges) {
      const into = inputs[edge.target];
      if (into)
        run.watchOutput(
          edge.source,
          edge.sourcePort,
          recorder(
            into,
            () => -1,
            !options.inputRowsOf || options.inputRowsOf.includes(edge.target) ? inputRows : 0,
          ),
        );
    }
    let stateTaken = stateOf.size === 0;
    const end = await runToEnd(run, () => {
      for (const [id, into] of Object.entries(inputs)) {
        const wm = run.inputWatermark(id);
        if (wm === null || !Number.isFinite(wm)) continue;
        const trace = watermarks[id] ?? [];
        watermarks[id] = trace;
        const last = trace[trace.length - 1];
        if (!last || last[1] !== wm) trace.push([into.count, wm]);
      }
      if (!stateTaken && held.every((h) => h.holding)) {
        stateTaken = true;
        const operators = run.checkpoint().operators;
        for (const id of stateOf) if (id in operators) states[id] = operators[id];
        for (const h of held) h.release();
      }
    });
    if (end.state === 'failed') return { ok: false, failure: end.error ?? 'the run failed' };
    return {
      ok: true,
      ports,
      inputs,
      watermarks,
      states,
      waitingForSamples,
      metrics: run.metrics(),
      elapsedMs: performance.now() - started,
    };
  } catch (e) {
    return { ok: false, failure: e instanceof Error ? e.message : String(e) };
  }
}
