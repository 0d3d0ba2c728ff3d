import type { StepResult } from '../host.js';

export interface Driver {
  start(): void;
  stop(): void;
  /** Work arrived: if waiting out the idle delay, step now instead. */
  wake(): void;
}

/** Longest stretch of back-to-back steps before yielding to the event loop (timers, sockets, UI). */
const SLICE_MS = 8;

const perfNow: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/**
 * Node's setImmediate where it exists: a MessagePort there delivers up to 1,000 queued messages per
 * wake-up, including the ones posted meanwhile, so a self-continuing channel would starve timers,
 * I/O and other ports (a worker's control messages) for up to 1,000 slices.
 */
const immediate = findSetImmediate();

function findSetImmediate(): ((fn: () => void) => void) | undefined {
  const setImmediate: unknown = Reflect.get(globalThis, 'setImmediate');
  if (typeof setImmediate !== 'function') return undefined;
  return (fn) => {
    setImmediate(fn);
  };
}

/**
 * Runs steps in the background without blocking the event loop, in Node and in browsers: slices of
 * at most SLICE_MS, continued through setImmediate in Node and a MessageChannel message in browsers
 * (no 1 ms setTimeout clamp; browsers lack setImmediate); after an idle step it waits
 * `idleDelayMs` on a timer.
 */
export function createDriver(step: () => StepResult, idleDelayMs: number): Driver {
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let channel: InstanceType<typeof MessageChannel> | null = null;
  /** A timer waiting out the idle delay (not a continuation). */
  let idleWait = false;

  const pump = () => {
    timer = null;
    idleWait = false;
    if (!running) return;
    const deadline = perfNow() + SLICE_MS;
    let result: StepResult;
    do result = step();
    while (result === 'progress' && running && perfNow() < deadline);
    if (!running || result === 'finished') {
      stop();
      return;
    }
    if (result === 'idle') {
      timer = setTimeout(pump, idleDelayMs);
      idleWait = true;
    } else if (immediate) immediate(pump);
    else if (channel) channel.port2.postMessage(null);
    else timer = setTimeout(pump, 0);
  };

  function stop() {
    running = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    channel?.port1.close();
    channel?.port2.close();
    channel = null;
  }

  return {
    start() {
      if (running) return;
      running = true;
      if (!immediate && typeof MessageChannel !== 'undefined') {
        channel = new MessageChannel();
        // Node's MessagePort typings lack onmessage, which Node and browsers both implement.
        (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = pump;
      }
      timer = setTimeout(pump, 0);
    },
    stop,
    wake() {
      if (!running || !idleWait || timer === null) return;
      clearTimeout(timer);
      idleWait = false;
      timer = null;
      if (immediate) immediate(pump);
      else if (channel) channel.port2.postMessage(null);
      else timer = setTimeout(pump, 0);
    },
  };
}
