import { failureMessage, type StatelessStage } from '../operators/transform/stage.js';
import type { NodeRuntime } from './graph.js';
import type { Event } from './operator.js';

/** Where a fused chain sends its output: the runtime's emit, bound to a member node. */
export type ChainEmit = (node: NodeRuntime, port: string, events: Event[], times: number[]) => void;

/**
 * Runs a chain of stateless stages as one loop over the batch: each event goes through every stage
 * before the next event starts, with no intermediate arrays. Counters stay per node (a member's
 * `in` is what survived the members before it), so metrics look as if the nodes ran apart.
 */
export class FusedChain {
  private readonly stageIn: number[];
  private readonly stageOut: number[];

  constructor(
    readonly stages: StatelessStage[],
    readonly members: NodeRuntime[],
    /** Internal edges, members[i] -> members[i + 1], to count what crosses them. */
    readonly internalEdges: { count: number }[],
  ) {
    this.stageIn = stages.map(() => 0);
    this.stageOut = stages.map(() => 0);
  }

  process(events: Event[], times: number[], emit: ChainEmit): void {
    const stages = this.stages;
    const n = stages.length;
    const stageIn = this.stageIn.fill(0);
    const stageOut = this.stageOut.fill(0);
    const out: Event[] = [];
    const outTimes: number[] = [];
    let failed: { member: number; events: Event[]; times: number[] }[] | null = null;

    for (let e = 0; e < events.length; e++) {
      let event: Event | null = events[e] as Event;
      const time = times[e] as number;
      for (let s = 0; s < n; s++) {
        stageIn[s] = (stageIn[s] as number) + 1;
        const input: Event = event as Event;
        try {
          event = (stages[s] as StatelessStage).apply(input);
        } catch (err) {
          failed ??= [];
          let bucket = failed.find((f) => f.member === s);
          if (!bucket) {
            bucket = { member: s, events: [], times: [] };
            failed.push(bucket);
          }
          bucket.events.push({ ...input, error: failureMessage(err) });
          bucket.times.push(time);
          event = null;
        }
        if (event === null) break;
        stageOut[s] = (stageOut[s] as number) + 1;
      }
      if (event !== null) {
        out.push(event);
        outTimes.push(time);
      }
    }

    for (let s = 0; s < n; s++) {
      const member = this.members[s] as NodeRuntime;
      if (s > 0) member.in += stageIn[s] as number;
      // The last member's `out` is counted by emit; inner members count here.
      if (s < n - 1) {
        member.out += stageOut[s] as number;
        (this.internalEdges[s] as { count: number }).count += stageOut[s] as number;
      }
    }
    if (failed)
      for (const f of failed) {
        const member = this.members[f.member] as NodeRuntime;
        member.errors += f.events.length;
        const port = (this.stages[f.member] as StatelessStage).errorPort;
        if (port) emit(member, port, f.events, f.times);
      }
    if (out.length > 0) emit(this.members[n - 1] as NodeRuntime, 'out', out, outTimes);
  }
}
