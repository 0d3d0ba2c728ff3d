/** What every node reports while a pipeline runs (DESIGN "Execution"). Rates are per second of wall-clock time. */
export interface NodeMetrics {
  in: number;
  out: number;
  errors: number;
  late: number;
  /** Events or partial matches dropped by a bound (CEP caps, full queues): counted, never silent. */
  dropped: number;
  /**
   * The node's current watermark in epoch ms; null before the first one; Infinity after end of input
   * (sent as null with ended). In an event-time run, null for nodes ahead of assign-timestamps
   * (sources included): they have no event-time watermark (Flink's "No Watermark"). In a
   * processing-time run, the processing-time watermark.
   */
  watermark: number | null;
  inPerSec: number;
  outPerSec: number;
  /** Keys with state and open windows (or partial matches) held. */
  stateKeys: number;
  openWindows: number;
  /** Processing latency of a micro-batch through this node, milliseconds. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** A connector's link to its broker or database, when it is not simply up (shown on the node). */
  status?: ConnectorStatus;
  /**
   * Instances the node runs as in a parallel run (settings.parallelism), when more than one: its
   * counts are the sums over them.
   */
  instances?: number;
}

/** A node's metrics before it saw anything: every count and rate 0, no watermark. */
export function emptyNodeMetrics(): NodeMetrics {
  return {
    in: 0,
    out: 0,
    errors: 0,
    late: 0,
    dropped: 0,
    watermark: null,
    inPerSec: 0,
    outPerSec: 0,
    stateKeys: 0,
    openWindows: 0,
    latencyP50Ms: 0,
    latencyP99Ms: 0,
  };
}

/** How a connector node stands with its external system; `message` says why in words. */
export interface ConnectorStatus {
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed';
  message?: string;
  /** Epoch ms of the last change. */
  since: number;
}

export type RunState = 'starting' | 'running' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface RunMetrics {
  run: string;
  pipeline: string;
  state: RunState;
  startedAt: number;
  /** Event time mode of the run: event time when an assign-timestamps node exists. */
  timeMode: 'event' | 'processing';
  nodes: Record<string, NodeMetrics>;
  /** Events per second over edges, keyed by edge id, for the canvas. */
  edges: Record<string, number>;
  error?: string;
}
