import { createOperator, type Operator, type OperatorFactory, type OperatorNode } from '@eventide/engine';

/**
 * EVENTIDE_TEST_STALL=1 (tests only): transform.map blocks its thread until the epoch ms in the
 * `stallUntil` field of an event, the way a runaway operator would, so tests can exercise the
 * watchdog and a Stop the worker cannot answer (and, once that time has passed, resume the run
 * through the same event). An event with `crashWorker: true` throws outside the engine, an uncaught
 * exception that ends the worker; one with `failOperator: true` throws inside the operator, which
 * fails the run (naming the node). Unset, runs use the engine's operators unchanged.
 */
export function testOperators(): Record<string, OperatorFactory> | undefined {
  if (process.env.EVENTIDE_TEST_STALL !== '1') return undefined;
  return {
    'transform.map': (node: OperatorNode): Operator => {
      const inner = createOperator('transform.map', node);
      const cell = new Int32Array(new SharedArrayBuffer(4));
      return {
        nodeId: inner.nodeId,
        open: (ctx) => inner.open(ctx),
        processBatch(port, events, times) {
          for (const e of events) {
            if (typeof e.stallUntil === 'number' && e.stallUntil > Date.now())
              Atomics.wait(cell, 0, 0, e.stallUntil - Date.now());
            if (e.failOperator === true) throw new Error('test hook: failOperator');
            if (e.crashWorker === true)
              setTimeout(() => {
                throw new Error('test hook: crashWorker');
              });
          }
          inner.processBatch(port, events, times);
        },
        onWatermark: (w) => inner.onWatermark(w),
        snapshot: () => inner.snapshot(),
        restore: (state) => inner.restore(state),
        stateSize: () => inner.stateSize(),
      };
    },
  };
}
