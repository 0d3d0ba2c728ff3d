import { compilePredicate } from '../../expr/index.js';
import {
  defineOperator,
  type Event,
  type KindNode,
  type Operator,
  type OperatorContext,
} from '../../runtime/operator.js';
import { failureMessage } from './stage.js';

/**
 * transform.route: mode "first" sends an event to the port of the first condition it meets, mode
 * "all" to every port whose condition holds; events meeting none go to "unmatched". A condition that
 * fails on an event sends the event to "error" (and nowhere else).
 */
export function routeOperator(node: KindNode<'transform.route'>): Operator {
  const routes = node.params.routes;
  const conditions = routes.map((r) => compilePredicate(r.condition));
  const ports = [...routes.map((r) => r.port), 'unmatched'];
  const unmatched = routes.length;
  const all = node.params.mode === 'all';
  let ctx!: OperatorContext;
  return defineOperator({
    nodeId: node.id,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      const outEvents: Event[][] = ports.map(() => []);
      const outTimes: number[][] = ports.map(() => []);
      const send = (i: number, event: Event, time: number) => {
        (outEvents[i] as Event[]).push(event);
        (outTimes[i] as number[]).push(time);
      };
      for (let e = 0; e < events.length; e++) {
        const event = events[e] as Event;
        const time = times[e] as number;
        try {
          const hits: number[] = [];
          for (let i = 0; i < conditions.length; i++) {
            if ((conditions[i] as (ev: Event) => boolean)(event)) {
              hits.push(i);
              if (!all) break;
            }
          }
          if (hits.length === 0) send(unmatched, event, time);
          for (const i of hits) send(i, event, time);
        } catch (err) {
          ctx.error(event, time, failureMessage(err));
        }
      }
      for (let i = 0; i < ports.length; i++)
        if ((outEvents[i] as Event[]).length > 0)
          ctx.emit(ports[i] as string, outEvents[i] as Event[], outTimes[i] as number[]);
    },
  });
}
