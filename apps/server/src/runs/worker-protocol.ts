/**
 * The messages between the RunManager (main thread) and one run's worker (run-worker.ts). The worker
 * owns the engine and the connectors; the main thread owns records, checkpoints on disk, the live
 * hub and the API. Everything crossing is structured-clonable plain data.
 */
import type { RunSnapshot } from '@eventide/engine';
import type { LiveCepState, PipelineDocument, RunMetrics, ValidationIssue } from '@eventide/shared';
import type { IngestOffer } from '../host/ingest-source.js';
import type { StoredCheckpoint } from './run-store.js';

/** workerData of a run's worker. */
export interface RunWorkerData {
  runId: string;
  pipeline: string;
  startedAt: number;
  document: PipelineDocument;
  /** Resume from this checkpoint (its counters continue the metrics). */
  restore?: StoredCheckpoint;
  dataDir: string;
  ingestLogDir: string;
  allowPrivateWebhooks: boolean;
  metricsIntervalMs: number;
  /** Ingest log segment size (tests shrink it); IngestLog's default otherwise. */
  ingestSegmentBytes?: number;
  /**
   * Float64Array cells [node index, since] the engine stamps (RunOptions.progress): one pair per
   * thread of the run (thread k of a parallel run at 2k), the first for this worker.
   */
  progress: SharedArrayBuffer;
}

/** What the main thread asks and the worker answers (one reply per request id). */
export type WorkerRequest =
  | { what: 'offer'; node: string; events: Record<string, unknown>[] }
  | { what: 'checkpoint' }
  /** A checkpoint, then stop, in one turn: no step runs between them (apply to a running pipeline). */
  | { what: 'checkpoint-and-stop' }
  | { what: 'metrics' }
  /** A pattern node's partial matches now (bounded), for the live CEP inspector. */
  | { what: 'cep-state'; node: string };

export interface WorkerReplies {
  offer: IngestOffer;
  checkpoint: StoredCheckpoint;
  'checkpoint-and-stop': StoredCheckpoint;
  metrics: RunMetrics;
  'cep-state': LiveCepState;
}

export type ToWorker =
  | { t: 'start' }
  | { t: 'stop' }
  /** Sample the edge (events for which `filter` holds, when given), or stop sampling it (`off`). */
  | { t: 'tap'; edge: string; filter: string; off?: boolean }
  /** The main thread handled one message of the worker (backpressure: see SinkRelay.congested). */
  | { t: 'ack' }
  /** A live client watches the sink (every batch crosses), or none does any more (see SinkRelay). */
  | { t: 'watch'; node: string; on: boolean }
  /**
   * Checkpoint `checkpointId` is on disk: committing sinks write what it covers, and ingest sources
   * may prune their logs up to `offsets` (those of the oldest checkpoint kept).
   */
  | {
      t: 'checkpointed';
      offsets: Record<string, unknown>;
      checkpointId: number;
      /** The checkpoint's own source positions (a Kafka source commits them to its group). */
      sources: RunSnapshot['sources'];
    }
  | { t: 'request'; id: number; request: WorkerRequest };

/** One item of the worker's outbox; items travel in order, batched into one message per turn. */
export type FromWorkerItem =
  | { t: 'ready'; initial: StoredCheckpoint | undefined }
  | { t: 'refused'; message: string; issues: ValidationIssue[] }
  | { t: 'sink'; node: string; events: unknown[] }
  | { t: 'channel'; channel: string; events: unknown[] }
  | { t: 'print'; line: string }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { t: 'tap'; edge: string; filter: string; events: unknown[] }
  | { t: 'metrics'; metrics: RunMetrics }
  | { t: 'checkpoint'; checkpoint: StoredCheckpoint }
  | { t: 'reply'; id: number; ok: true; value: WorkerReplies[WorkerRequest['what']] }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'end'; state: 'finished' | 'stopped' | 'failed'; error?: string; metrics: RunMetrics };

export type FromWorker = FromWorkerItem[];
