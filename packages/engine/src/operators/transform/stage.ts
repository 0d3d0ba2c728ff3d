import type { KindId } from '@eventide/shared';
import {
  defineOperator,
  type Event,
  type KindNode,
  type Operator,
  type OperatorContext,
} from '../../runtime/operator.js';

/**
 * A stateless one-event-in, at-most-one-event-out step (filter, map, key-by). The compiler fuses
 * chains of stages into one loop; alone, a stage runs as an ordinary operator (stageOperator).
 */
export interface StatelessStage {
  readonly nodeId: string;
  /** The port failed events go to, or null when the kind has no error port. */
  readonly errorPort: string | null;
  /** The output event, or null to drop it. Throws (EvaluationError) when the event cannot be processed. */
  apply(event: Event): Event | null;
}

/** The stage of kind K, given its typed node. */
export type StageFactory<K extends KindId> = (node: KindNode<K>) => StatelessStage;

/** The message an error port carries for a failure thrown by a stage. */
export function failureMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one stage as an operator; watermarks pass through unchanged. */
export function stageOperator(stage: StatelessStage): Operator {
  let ctx!: OperatorContext;
  return defineOperator({
    nodeId: stage.nodeId,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      const out: Event[] = [];
      const outTimes: number[] = [];
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as Event;
        const time = times[i] as number;
        let result: Event | null;
        try {
          result = stage.apply(event);
        } catch (err) {
          ctx.error(event, time, failureMessage(err));
          continue;
        }
        if (result !== null) {
          out.push(result);
          outTimes.push(time);
        }
      }
      if (out.length > 0) ctx.emit('out', out, outTimes);
    },
  });
}
