/**
 * One instance of one stage of a parallel run: an ordinary run of the stage's nodes (compile's
 * `partition`), whose cut edges are exchanges. A stage with sources snapshots when the host
 * triggers a checkpoint; any other stage when a barrier has arrived on every channel of every
 * exchange into it (Flink's barrier alignment: channels that delivered the barrier wait meanwhile).
 * Either way the snapshot is taken between two steps, when no event is inside the run, and the
 * exchanges out send the barrier after everything written before it.
 */

import { typedNode } from '../compiler/typed-node.js';
import type { PipelineRun, RunOptions, RunSnapshot, StepResult } from '../host.js';
import { createRun } from '../runtime/run.js';
import { createGeneratorSource } from '../sources/generator.js';
import type { ChunkClaims } from './chunk-claims.js';
import { ExchangeIn, type ExchangeMessage, ExchangeOut } from './exchange.js';
import { sendsPartials, windowsReadingPartials } from './partial-aggregates.js';
import type { ParallelPlan, Stage } from './plan.js';

/** What an instance needs from whoever hosts it (the same thread, or a worker). */
export interface InstanceHost {
  /** A message on exchange `exchange` from this instance (`from`) to instance `to` of the receiving stage. */
  send(exchange: number, from: number, to: number, message: ExchangeMessage): void;
  /** This instance's part of checkpoint `id`. */
  onSnapshot(stage: string, index: number, id: number, snapshot: RunSnapshot): void;
  /** Instance `to` of the receiving stage of `exchange` runs in the thread of sender `from` (default: yes). */
  isLocal?(exchange: number, from: number, to: number): boolean;
  /** The run's chunks of generator indexes, one set of cells shared by all its instances. */
  claims: ChunkClaims;
}

export type StageRunOptions = Pick<
  RunOptions,
  | 'sources'
  | 'sinks'
  | 'sinkFor'
  | 'sourceOverrides'
  | 'collectLimit'
  | 'watchesAllOutputs'
  | 'clock'
  | 'maxEvents'
  | 'operators'
  | 'progress'
>;

/** Events a run fed by exchanges takes per step: more than an exchange batch (FLUSH_EVENTS) holds. */
const EXCHANGE_POLL_EVENTS = 4096;

export class StageInstance {
  readonly run: PipelineRun;
  private readonly ins = new Map<number, ExchangeIn>();
  private readonly outs: ExchangeOut[] = [];
  private finished = false;

  constructor(
    document: unknown,
    plan: ParallelPlan,
    readonly stage: Stage,
    readonly index: number,
    private readonly host: InstanceHost,
    options: StageRunOptions = {},
    restoreFrom?: RunSnapshot,
  ) {
    const stages = new Map(plan.stages.map((s) => [s.id, s]));
    const exchangeOf = (edgeId: string) => plan.exchanges.findIndex((x) => x.edge.id === edgeId);
    const split = (node: { id: string }) => {
      const claimer = host.claims.claimer(node.id, index);
      return { index, count: stage.parallelism, ...(claimer ? { claimer } : {}) };
    };
    const { sources, maxEvents, ...rest } = options;
    const combined = plan.exchanges.filter((x) => x.to === stage.id && sendsPartials(x.combine));
    this.run = createRun(document, {
      ...rest,
      ...(combined.length > 0
        ? { operators: { ...rest.operators, ...windowsReadingPartials(combined) } }
        : {}),
      // A stage fed by exchanges polls whole batches (they are taken over without copying); the
      // source stage keeps the document's micro-batch size.
      ...(maxEvents !== undefined || !stage.sources ? { maxEvents: maxEvents ?? EXCHANGE_POLL_EVENTS } : {}),
      runId: `${stage.id}.${index}`,
      maxDelayMs: 0,
      sources: {
        ...sources,
        // A split generator makes the events of its indexes only (plan.ts: sources split by index).
        'source.generator': (node) => createGeneratorSource(typedNode('source.generator', node), split(node)),
      },
      ...(restoreFrom ? { restoreFrom } : {}),
      partition: {
        nodes: new Set(stage.nodes),
        exchangeIn: (edge) => {
          const i = exchangeOf(edge.id);
          const x = plan.exchanges[i];
          if (!x) throw new Error(`edge ${edge.id} crosses stages but the plan has no exchange for it`);
          const input = new ExchangeIn(x, (stages.get(x.from) as Stage).parallelism);
          this.ins.set(i, input);
          return input;
        },
        exchangeOut: (edge) => {
          const i = exchangeOf(edge.id);
          const x = plan.exchanges[i];
          if (!x) throw new Error(`edge ${edge.id} crosses stages but the plan has no exchange for it`);
          const receivers = (stages.get(x.to) as Stage).parallelism;
          const out = new ExchangeOut(
            x,
            index,
            receivers,
            (from, to, m) => host.send(i, from, to, m),
            host.isLocal ? (to) => host.isLocal?.(i, index, to) ?? true : undefined,
          );
          this.outs.push(out);
          return out;
        },
      },
    });
    this.run.onEnd(() => {
      this.finished = true;
    });
  }

  get ended(): boolean {
    return this.finished;
  }

  receive(exchange: number, from: number, message: ExchangeMessage): void {
    const input = this.ins.get(exchange);
    if (!input) throw new Error(`stage ${this.stage.id} has no exchange ${exchange} in`);
    input.receive(from, message);
  }

  /** Something to do: a source stage always, another one when a channel has a message to take. */
  get ready(): boolean {
    if (this.finished) return false;
    if (this.stage.sources) return true;
    for (const x of this.ins.values()) if (x.waiting) return true;
    return false;
  }

  /** Events waiting in the exchanges into this instance. */
  get queuedEvents(): number {
    let n = 0;
    for (const x of this.ins.values()) n += x.queuedEvents;
    return n;
  }

  step(): StepResult {
    if (this.finished) return 'finished';
    const r = this.run.step();
    if (r === 'finished') {
      // The run closes its sinks after microtasks; the end goes out now, after the last batch.
      this.finished = true;
      for (const out of this.outs) out.close();
      return r;
    }
    if (!this.stage.sources && !this.finished) {
      const id = this.aligned();
      if (id !== null) {
        this.snapshot(id);
        for (const x of this.ins.values()) x.release();
        return 'progress';
      }
    }
    return r;
  }

  /**
   * Sends what the exchanges out buffered and the watermark they hold. The host calls it when it
   * turns to other work; batches also go out on their own once large.
   */
  flush(): void {
    for (const out of this.outs) out.flush();
  }

  /** A source stage takes its part of checkpoint `id` now (between two steps). */
  checkpoint(id: number): boolean {
    if (this.finished) return false;
    this.snapshot(id);
    return true;
  }

  private aligned(): number | null {
    let id: number | null = null;
    for (const x of this.ins.values()) {
      const a = x.alignedBarrier();
      if (a === 'waiting') return null;
      if (a !== 'ended') {
        if (id !== null && id !== a) return null;
        id = a;
      }
    }
    return id;
  }

  private snapshot(id: number): void {
    for (const out of this.outs) out.barrier = id;
    try {
      this.host.onSnapshot(this.stage.id, this.index, id, this.run.checkpoint());
    } finally {
      for (const out of this.outs) out.barrier = null;
    }
  }
}
