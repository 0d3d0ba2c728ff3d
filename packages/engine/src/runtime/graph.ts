import type { NodeCategory } from '@eventide/shared';
import type { BatchListener, Source } from '../host.js';
import { LatencyTracker } from '../metrics/latency.js';
import type { Event } from './operator.js';
import type { TapSampler } from './tap-sampler.js';

/** One edge at run time: where batches go, and how many crossed it. */
export interface EdgeRuntime {
  id: string;
  from: NodeRuntime;
  fromPort: string;
  to: NodeRuntime;
  toPort: string;
  count: number;
  taps: TapSampler[];
}

/** Run-time state of one document node: counters, watermarks, routing. */
export class NodeRuntime {
  readonly outputs = new Map<string, EdgeRuntime[]>();
  readonly watchers = new Map<string, BatchListener[]>();
  readonly inputEdges: EdgeRuntime[] = [];
  /** Combined watermark of the inputs (minimum over the active ones). */
  inWm = Number.NEGATIVE_INFINITY;
  /** Watermark the node forwards. */
  outWm = Number.NEGATIVE_INFINITY;
  idle = false;
  in = 0;
  out = 0;
  errors = 0;
  late = 0;
  dropped = 0;
  lastDropReason: string | null = null;
  readonly latency = new LatencyTracker();

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly category: NodeCategory,
    /** Output ports whose events count as the node's output (role "main"). */
    readonly mainPorts: ReadonlySet<string>,
    /** Position in document.nodes (how RunOptions.progress names the node). */
    readonly index: number,
  ) {}
}

/** A source with the events polled but not yet pushed (the micro-batch being filled). */
export interface SourceRuntime {
  node: NodeRuntime;
  source: Source;
  pending: Event[];
  pendingTimes: number[];
  /** Processing time the oldest pending event was polled at. */
  pendingSince: number;
  /** The source said it will return nothing more. */
  ended: boolean;
  /** Ended and every polled event pushed. */
  drained: boolean;
}
