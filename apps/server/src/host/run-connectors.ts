import path from 'node:path';
import { type OperatorNode, type Sink, type SourceFactory, typedNode } from '@eventide/engine';
import {
  type ConnectorStatus,
  DEFAULT_EVENT_LIMITS,
  type EventLimits,
  mqttQos,
  sinkKafkaParams,
  sinkMqttParams,
  sinkPostgresParams,
  sourceKafkaParams,
  sourceMqttParams,
} from '@eventide/shared';
import type { StatusReporter } from '../connectors/connector-status.js';
import type { ReplaySpeed } from '../connectors/file-replay-source.js';
import { FileSink } from '../connectors/file-sink.js';
import { HybridSource } from '../connectors/kafka/hybrid-source.js';
import { KafkaSink } from '../connectors/kafka/kafka-sink.js';
import { KafkaSource } from '../connectors/kafka/kafka-source.js';
import { mqttConnectionOf } from '../connectors/mqtt/mqtt-client.js';
import { MqttSink } from '../connectors/mqtt/mqtt-sink.js';
import { MqttSource } from '../connectors/mqtt/mqtt-source.js';
import { PostgresSink } from '../connectors/postgres/postgres-sink.js';
import { resolveNodeSecrets, type SecretEnv } from '../connectors/secrets.js';
import { WebhookSink } from '../connectors/webhook-sink.js';
import { confinePath, isSecretsFile } from '../security/data-paths.js';
import { FileReplayHostSource } from './file-replay-host-source.js';
import { IngestLog } from './ingest-log.js';
import { IngestSource, ingestCapacity } from './ingest-source.js';
import { PublishingSink, type SinkOutput } from './publishing-sink.js';

export interface ConnectorContext {
  /** Relative file params resolve here: the data directory (server) or the working directory (CLI). */
  baseDir: string;
  /** Refuse file params that leave baseDir (the server; the CLI trusts its caller). */
  confine: boolean;
  allowPrivateWebhooks: boolean;
  /** A sink's results, for live subscribers. */
  publishSink: (node: string, events: unknown[]) => void;
  /** A websocket-out node's results on its public channel. */
  publishChannel: (channel: string, events: unknown[]) => void;
  /** A console sink's line. */
  print: (line: string) => void;
  /** Errors and drops inside connectors, merged into the node's metrics. */
  countError: (node: string, reason: string) => void;
  countDropped: (node: string, count: number, reason: string) => void;
  /** Where ingest sources keep their write-ahead logs (the server); none keeps them in memory only. */
  ingestLogDir?: string;
  /** Size at which an ingest log starts a new segment (tests shrink it so that pruning shows). */
  ingestSegmentBytes?: number;
  /** A run resumed from a checkpoint: ingest logs are kept for the restore, else emptied. */
  resuming?: boolean;
  /** Sinks fed by micro-batch nodes (see batchFedSinks). */
  batchFed?: Set<string>;
  /** What every entrance refuses (the document's settings.limits); the defaults when absent. */
  limits?: EventLimits;
  /** CLI --speed: overrides the speed of every file replay. */
  speed?: ReplaySpeed;
  /** CLI --output: the named sinks write their results to these JSONL files instead. */
  outputFiles?: Record<string, string>;
  /**
   * The host calls RunConnectors.checkpointed() once a checkpoint is on disk (the server): committing
   * sinks then commit only durable checkpoints. Without it (the CLI) they commit at the barrier.
   */
  durableCheckpoints?: boolean;
  /** Where `${env:NAME}` secrets come from; default process.env. */
  env?: SecretEnv;
  /** Where `${secret:NAME}` secrets come from: `<dataDir>/secrets.json`; none, none resolve. */
  secretsFile?: string;
  /** The run's id: exactly-once Kafka sinks derive their transactional.id from it (stable across restarts). */
  runId?: string;
}

/** A sink that commits once the host says a checkpoint is durable (PostgreSQL, Kafka). */
interface CheckpointCommitter {
  checkpointed(checkpointId: number): void;
  write(events: readonly unknown[]): void;
  onCheckpoint(checkpointId: number): unknown;
  restore(state: unknown): void;
  close(): void | Promise<void>;
}

/** The connectors of one run: the engine's factories plus handles the server needs (ingest queues, replay buffers). */
export class RunConnectors {
  readonly ingest = new Map<string, IngestSource>();
  /**
   * Sources with a write-ahead log (ingest, MQTT), by node id: the host hands each the offset of the
   * oldest checkpoint it keeps, and the log before it goes.
   */
  readonly logged = new Map<string, { checkpointed(offset: unknown): void }>();
  /** File replays by node id, for progress reports. */
  readonly replays = new Map<string, FileReplayHostSource>();
  /** Connector nodes' links to brokers and databases, for the node's metrics ("reconnecting"). */
  readonly statuses = new Map<string, ConnectorStatus>();
  private readonly committers = new Map<string, CheckpointCommitter>();
  /** Kafka sources by node id: they commit a durable checkpoint's offsets to their group. */
  readonly kafkaSources = new Map<string, KafkaSource>();

  constructor(private readonly ctx: ConnectorContext) {}

  private get limits(): EventLimits {
    return this.ctx.limits ?? DEFAULT_EVENT_LIMITS;
  }

  readonly sources: Record<string, SourceFactory> = {
    'source.file-replay': (node) => {
      const { params: p } = typedNode('source.file-replay', node);
      return this.replay(node.id, this.resolveFile(node.id, 'path', p.path), {
        format: p.format,
        speed: this.ctx.speed ?? p.speed,
        timeField: p.timeField,
      });
    },
    'source.http-ingest': (node) => this.ingestSource(node),
    'source.websocket-ingest': (node) => this.ingestSource(node),
    'source.mqtt': (node) => {
      const p = this.secretsOf(node, sourceMqttParams.parse(node.params));
      const log = this.openLog(node.id);
      const source = new MqttSource(node.id, {
        connection: mqttConnectionOf(p, clientIdFor(node.id)),
        topics: p.topics,
        qos: mqttQos(p.qos),
        topicField: p.topicField,
        maxBuffer: p.maxBuffer,
        report: this.reporter(node.id),
        ...(log ? { log } : {}),
      });
      this.logged.set(node.id, source);
      return source;
    },
    'source.kafka': (node) => {
      const p = this.secretsOf(node, sourceKafkaParams.parse(node.params));
      const source = new KafkaSource(node.id, {
        connection: p,
        topics: p.topics,
        group: p.group,
        startFrom: p.startFrom,
        startTimestamp: p.startTimestamp,
        bounded: p.bounded,
        maxBuffer: p.maxBuffer,
        format: p,
        report: this.reporter(node.id),
      });
      this.kafkaSources.set(node.id, source);
      if (p.history === '') return source;
      const history = this.replay(node.id, this.resolveFile(node.id, 'history', p.history), {
        format: 'jsonl',
        speed: 'max',
        timeField: 'ts',
      });
      return new HybridSource(node.id, history, source);
    },
  };

  /**
   * Checkpoint `checkpointId` is durable (the host wrote it): committing sinks commit up to it, Kafka
   * sources commit its offsets (`sources`: the snapshot's) to their consumer group.
   */
  checkpointed(checkpointId: number, sources?: Record<string, { offset: unknown }>): void {
    for (const c of this.committers.values()) c.checkpointed(checkpointId);
    for (const [node, source] of this.kafkaSources) {
      const saved = sources?.[node];
      if (saved) void source.commit(saved.offset);
    }
  }

  private reporter(nodeId: string): StatusReporter {
    return (state, message) =>
      this.statuses.set(nodeId, { state, ...(message ? { message } : {}), since: Date.now() });
  }

  /** Params with their secret references resolved, or an error naming node, param and secret. */
  private secretsOf<T extends Record<string, unknown>>(node: OperatorNode, params: T): T {
    const env = this.ctx.env ?? process.env;
    return resolveNodeSecrets(
      node.id,
      params,
      this.ctx.secretsFile ? { env, file: this.ctx.secretsFile } : { env },
    );
  }

  /** Every sink node gets a PublishingSink with its kind's output. */
  readonly sinkFor = (node: OperatorNode): Sink | undefined => {
    if (!node.kind.startsWith('sink.')) return undefined;
    return new PublishingSink(
      node.id,
      (events) => this.ctx.publishSink(node.id, events),
      this.outputOf(node),
      this.ctx.batchFed?.has(node.id) ?? false,
    );
  };

  private outputOf(node: OperatorNode): SinkOutput | undefined {
    const override = this.ctx.outputFiles?.[node.id];
    if (override !== undefined) return fileOutput(new FileSink(override, { truncate: true }));
    switch (node.kind) {
      case 'sink.file': {
        const { params: p } = typedNode('sink.file', node);
        return fileOutput(new FileSink(this.resolveFile(node.id, 'path', p.path)));
      }
      case 'sink.webhook': {
        const { params: p } = typedNode('sink.webhook', node);
        const hook = new WebhookSink({
          url: p.url,
          maxRetries: p.maxRetries,
          timeoutMs: p.timeoutMs,
          allowPrivate: this.ctx.allowPrivateWebhooks,
          onError: (reason) => this.ctx.countError(node.id, reason),
          onDropped: (count, reason) => this.ctx.countDropped(node.id, count, reason),
        });
        return { write: (events) => hook.write(events), close: () => hook.close() };
      }
      case 'sink.mqtt': {
        const q = this.secretsOf(node, sinkMqttParams.parse(node.params));
        const sink = new MqttSink(node.id, {
          connection: mqttConnectionOf({ ...q, cleanSession: true }, clientIdFor(node.id)),
          topic: q.topic,
          topicField: q.topicField,
          qos: mqttQos(q.qos),
          retain: q.retain,
          maxQueue: q.maxQueue,
          report: this.reporter(node.id),
          countError: (reason) => this.ctx.countError(node.id, reason),
        });
        return { write: (events) => sink.write(events), close: () => sink.close() };
      }
      case 'sink.postgres': {
        const q = this.secretsOf(node, sinkPostgresParams.parse(node.params));
        const sink = new PostgresSink(node.id, {
          url: q.url,
          password: q.password,
          table: { schema: q.schema, table: q.table, columns: q.columns, mode: q.mode, key: q.key },
          createTable: q.createTable,
          commitAfterCheckpoint: this.ctx.durableCheckpoints === true,
          report: this.reporter(node.id),
          countError: (reason) => this.ctx.countError(node.id, reason),
        });
        return this.committing(node.id, sink);
      }
      case 'sink.kafka': {
        const q = this.secretsOf(node, sinkKafkaParams.parse(node.params));
        const sink = new KafkaSink(node.id, {
          connection: q,
          topic: q.topic,
          ...(q.key ? { key: q.key } : {}),
          headers: q.headers,
          delivery: q.delivery,
          transactionalId: `eventide-${this.ctx.runId ?? 'run'}-${node.id}`,
          commitAfterCheckpoint: this.ctx.durableCheckpoints === true,
          report: this.reporter(node.id),
          countError: (reason) => this.ctx.countError(node.id, reason),
        });
        return this.committing(node.id, sink);
      }
      case 'sink.websocket-out': {
        const { channel } = typedNode('sink.websocket-out', node).params;
        return { write: (events) => this.ctx.publishChannel(channel, [...events]) };
      }
      case 'sink.console': {
        const { prefix } = typedNode('sink.console', node).params;
        return {
          write: (events) => {
            for (const e of events) this.ctx.print(`${prefix}${JSON.stringify(e)}`);
          },
        };
      }
      default:
        // Dashboard panels: publishing to subscribers is all they do.
        return undefined;
    }
  }

  /** The output of a committing sink, which hears about durable checkpoints through checkpointed(). */
  private committing(nodeId: string, sink: CheckpointCommitter): SinkOutput {
    this.committers.set(nodeId, sink);
    return {
      write: (events) => sink.write(events),
      commit: (checkpointId) => sink.onCheckpoint(checkpointId),
      restore: (state) => sink.restore(state),
      close: () => sink.close(),
    };
  }

  /** A replay of `file` as node `nodeId` (a file-replay node, or a CLI --input override). */
  replay(
    nodeId: string,
    file: string,
    opts: { format: 'jsonl' | 'csv'; speed: ReplaySpeed; timeField: string },
  ): FileReplayHostSource {
    const source = new FileReplayHostSource({
      nodeId,
      file,
      ...opts,
      limits: this.limits,
      onBadLine: (reason) => this.ctx.countError(nodeId, reason),
    });
    this.replays.set(nodeId, source);
    return source;
  }

  private ingestSource(node: OperatorNode): IngestSource {
    const source = new IngestSource(
      node.id,
      node.kind,
      ingestCapacity(node.params),
      this.openLog(node.id),
      this.limits,
    );
    this.ingest.set(node.id, source);
    this.logged.set(node.id, source);
    return source;
  }

  /** The node's write-ahead log (the server), kept for a resume, else emptied; none in the CLI. */
  private openLog(nodeId: string): IngestLog | undefined {
    if (!this.ctx.ingestLogDir) return undefined;
    const log = new IngestLog(this.ctx.ingestLogDir, nodeId, this.ctx.ingestSegmentBytes);
    log.open(!this.ctx.resuming);
    return log;
  }

  private resolveFile(nodeId: string, param: string, value: string): string {
    if (!this.ctx.confine) return path.resolve(this.ctx.baseDir, value);
    const resolved = confinePath(this.ctx.baseDir, value);
    if (resolved === undefined)
      throw new Error(`node ${nodeId}: params.${param}: "${value}" is outside the data directory`);
    if (isSecretsFile(this.ctx.baseDir, resolved))
      throw new Error(`node ${nodeId}: params.${param}: "${value}" is the server's secrets file`);
    return resolved;
  }
}

/** A client id unique to this run of the node (persistent sessions name their own). */
function clientIdFor(nodeId: string): string {
  return `eventide-${nodeId}-${process.pid}-${Date.now().toString(36)}`.slice(0, 64);
}

function fileOutput(sink: FileSink): SinkOutput {
  sink.open();
  return {
    write: (events) => sink.write(events),
    commit: () => sink.commit(),
    restore: (state) => sink.restore(state),
    close: () => sink.close(),
  };
}
