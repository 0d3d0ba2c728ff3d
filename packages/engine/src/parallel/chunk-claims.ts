/**
 * Splits handed out on demand (Flink's split enumerator, FLIP-27, kept in shared memory): the
 * instances of a split source stage take chunks of a generator's event indexes from one counter as
 * they need them, so an instance that runs faster makes more of the events instead of idling at the
 * end while a slower one finishes a fixed share. Instances in worker threads share the cells through
 * a SharedArrayBuffer and take with Atomics (one indivisible step); instances in one thread share a
 * plain ArrayBuffer the same way.
 *
 * Checkpoints: an instance that has passed more barriers than another takes no new chunk until the
 * other has passed them too. So every chunk is taken before the barrier by all instances or after it
 * by all, the highest chunk named in any instance's part bounds those taken before it, and every
 * chunk below it is in some instance's part (made, or in progress there). Restoring, the counter
 * goes on after the highest chunk any part names. The wait is short: an instance passes a barrier
 * at its next step, and the one that has passed the fewest is never held back.
 */
import type { ParallelPlan } from './plan.js';

/** One instance's handle on one generator's chunks. */
export interface ChunkClaimer {
  /** The number of the next chunk, or undefined while another instance has a barrier to pass first. */
  take(): number | undefined;
  /** This instance took its part of a checkpoint. */
  passBarrier(): void;
  /** This instance's generator has made its last event: it holds no one back any more. */
  end(): void;
  /** Restoring: every chunk below `next` was taken before the checkpoint. */
  restoreAtLeast(next: number): void;
}

/** The barrier count of an instance that has ended: above any other, so it never holds one back. */
const ENDED = 0x7fffffff;

const cellsBytes = (nodes: number, instances: number) =>
  nodes * (1 + instances) * Int32Array.BYTES_PER_ELEMENT;

export class ChunkClaims {
  private readonly cells: Int32Array;
  /** Cell index of each node's counter; the instances' barrier counts follow it. */
  private readonly base = new Map<string, number>();

  /** Bytes of the cells for the plan's split source stage (0 when its sources are not split). */
  static bytes(plan: ParallelPlan): number {
    const stage = splitSourceStage(plan);
    return stage ? cellsBytes(stage.nodes.length, stage.parallelism) : 0;
  }

  /**
   * The claims of the plan's split source stage over `buffer`: bytes(plan) of them, fresh (zero) for
   * a run; a SharedArrayBuffer when the instances are threads, by default one of this thread's own.
   */
  static forPlan(
    plan: ParallelPlan,
    buffer: ArrayBufferLike = new ArrayBuffer(ChunkClaims.bytes(plan)),
  ): ChunkClaims {
    const stage = splitSourceStage(plan);
    return new ChunkClaims(stage?.nodes ?? [], stage?.parallelism ?? 1, buffer);
  }

  /** Chunks of each of `nodes` for `instances` instances: a counter and a barrier count per instance, per node. */
  constructor(
    nodes: readonly string[],
    private readonly instances: number,
    buffer: ArrayBufferLike = new ArrayBuffer(cellsBytes(nodes.length, instances)),
  ) {
    this.cells = new Int32Array(buffer);
    for (const [k, id] of nodes.entries()) this.base.set(id, k * (1 + instances));
  }

  /** Instance `instance`'s claimer of node `nodeId`'s chunks; undefined when that node is not split. */
  claimer(nodeId: string, instance: number): ChunkClaimer | undefined {
    const base = this.base.get(nodeId);
    if (base === undefined) return undefined;
    const cells = this.cells;
    const n = this.instances;
    const mine = base + 1 + instance;
    return {
      take() {
        const passed = Atomics.load(cells, mine);
        for (let k = 0; k < n; k++) if (Atomics.load(cells, base + 1 + k) < passed) return undefined;
        return Atomics.add(cells, base, 1);
      },
      passBarrier() {
        if (Atomics.load(cells, mine) !== ENDED) Atomics.add(cells, mine, 1);
      },
      end() {
        Atomics.store(cells, mine, ENDED);
      },
      restoreAtLeast(next) {
        for (let seen = Atomics.load(cells, base); seen < next; ) {
          const was = Atomics.compareExchange(cells, base, seen, next);
          if (was === seen) return;
          seen = was;
        }
      },
    };
  }
}

/** The stage whose instances split the sources, if the sources are split. */
function splitSourceStage(plan: ParallelPlan) {
  return plan.stages.find((s) => s.sources && s.parallelism > 1);
}
