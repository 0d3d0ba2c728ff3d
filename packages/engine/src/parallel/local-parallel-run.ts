/**
 * A parallel run whose instances all live in this thread, stepped in turn: the semantics of a
 * threaded run (routing, watermarks as the minimum over instances, aligned barriers, restore)
 * without threads, for tests and for hosts without workers. The threaded host (apps/server) runs
 * the same StageInstances, one worker per instance index.
 */
import type { RunSnapshot, StepResult } from '../host.js';
import type { Event } from '../runtime/operator.js';
import { ChunkClaims } from './chunk-claims.js';
import type { ExchangeMessage } from './exchange.js';
import { CheckpointCollector, checkRestorable, type ParallelSnapshot } from './parallel-snapshot.js';
import { type ParallelPlan, planParallel } from './plan.js';
import { type InstanceHost, StageInstance, type StageRunOptions } from './stage-instance.js';

export interface LocalParallelOptions extends StageRunOptions {
  parallelism: number;
  /**
   * The plan of the document, when it was made already (default: planned here). A worker warming up
   * runs the plan it was sent: the operators keep objects of the plan, and a plan made here has other
   * hidden classes than one that came through postMessage, so the measured run would start by
   * deoptimizing the code the warm-up compiled (Nexmark q5 on 2 workers: 10 % less wall time with it).
   */
  plan?: ParallelPlan;
  restoreFrom?: ParallelSnapshot;
  /** Every completed checkpoint. */
  onCheckpoint?: (snapshot: ParallelSnapshot) => void;
  /** Picks the order instances step in each round (tests shuffle it); default in plan order. */
  random?: () => number;
}

export class LocalParallelRun {
  readonly plan: ParallelPlan;
  readonly instances: StageInstance[] = [];
  private readonly byStage = new Map<string, StageInstance[]>();
  private readonly collector: CheckpointCollector;
  private nextCheckpoint: number;

  constructor(
    document: unknown,
    private readonly options: LocalParallelOptions,
  ) {
    const unsplittable = new Set(Object.keys(options.sourceOverrides ?? {}));
    this.plan = options.plan ?? planParallel(document, options.parallelism, { unsplittable });
    const restore = options.restoreFrom;
    if (restore) checkRestorable(restore, this.plan);
    this.nextCheckpoint = (restore?.checkpointId ?? 0) + 1;
    const name =
      typeof document === 'object' && document !== null ? String((document as { name?: unknown }).name) : '';
    this.collector = new CheckpointCollector(this.plan, name);
    // Placed as the threaded host places them (instance k of a stage with N instances in thread k,
    // single ones in thread 0): what would cross threads is structured-cloned, as postMessage does.
    const threadOf = (stage: string, index: number) =>
      (this.plan.stages.find((s) => s.id === stage)?.parallelism ?? 1) > 1 ? index : 0;
    const crosses = (exchange: number, from: number, to: number) => {
      const x = this.plan.exchanges[exchange];
      return x !== undefined && threadOf(x.from, from) !== threadOf(x.to, to);
    };
    const host: InstanceHost = {
      send: (exchange, from, to, message) =>
        this.deliver(exchange, from, to, crosses(exchange, from, to) ? structuredClone(message) : message),
      isLocal: (exchange, from, to) => !crosses(exchange, from, to),
      onSnapshot: (stage, index, id, part) => this.onPart(stage, index, id, part),
      claims: ChunkClaims.forPlan(this.plan),
    };
    const {
      parallelism: _p,
      plan: _plan,
      restoreFrom: _r,
      onCheckpoint: _c,
      random: _x,
      ...stageOptions
    } = options;
    for (const stage of this.plan.stages) {
      const list: StageInstance[] = [];
      for (let i = 0; i < stage.parallelism; i++) {
        const part = restore?.stages[stage.id]?.[i];
        const instance = new StageInstance(document, this.plan, stage, i, host, stageOptions, part);
        list.push(instance);
        this.instances.push(instance);
      }
      this.byStage.set(stage.id, list);
    }
  }

  private deliver(exchange: number, from: number, to: number, message: ExchangeMessage): void {
    const x = this.plan.exchanges[exchange];
    const target = x ? this.byStage.get(x.to)?.[to] : undefined;
    if (!target) throw new Error(`exchange ${exchange} has no instance ${to}`);
    target.receive(exchange, from, message);
  }

  private onPart(stage: string, index: number, id: number, part: RunSnapshot): void {
    const done = this.collector.add(stage, index, id, part);
    if (done) this.options.onCheckpoint?.(done);
  }

  /** One round: every instance steps once. */
  step(): StepResult {
    const order = [...this.instances];
    const random = this.options.random;
    if (random)
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as StageInstance, order[i] as StageInstance];
      }
    let moved = false;
    for (const instance of order) {
      if (instance.step() === 'progress') moved = true;
      instance.flush();
    }
    if (this.instances.every((i) => i.ended)) return 'finished';
    return moved ? 'progress' : 'idle';
  }

  /**
   * Starts checkpoint barriers at every source instance; the snapshot completes (onCheckpoint) once
   * they have been aligned through the stages. False when a source instance already ended.
   */
  triggerCheckpoint(): boolean {
    const sources = this.instances.filter((i) => i.stage.sources);
    if (sources.some((i) => i.ended)) return false;
    const id = this.nextCheckpoint++;
    for (const i of sources) i.checkpoint(id);
    return true;
  }

  /** What each default collecting sink holds, by sink node id. */
  collected(): Record<string, Event[]> {
    const out: Record<string, Event[]> = {};
    for (const i of this.instances) Object.assign(out, i.run.collected());
    return out;
  }
}
