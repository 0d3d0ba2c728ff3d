import type { Event } from '../../src/runtime/operator.js';

/** What an emit callback (events with their times) was handed, as [event, time] pairs in order. */
export function emitCollector() {
  const got: [Event, number][] = [];
  const emit = (events: Event[], times: number[]) => {
    for (let i = 0; i < events.length; i++) got.push([events[i] as Event, times[i] as number]);
  };
  return { got, emit };
}
