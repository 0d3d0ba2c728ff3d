import type { PipelineDocument } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { chainPipeline, stored } from '../../test/helpers.js';
import { RecentResults } from '../live/recent-results.js';
import { SinkRelay } from './sink-relay.js';

const doc: PipelineDocument = stored(
  chainPipeline('Relay', [
    { id: 'gen', kind: 'source.generator', params: {} },
    { id: 'table', kind: 'sink.table', params: { maxRows: 3 } },
  ]),
);
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ n: from + i }));

describe('SinkRelay', () => {
  it('sends only what the replay buffer keeps of an unwatched sink, once per drain, and the buffer ends up the same', () => {
    const sent: unknown[][] = [];
    const relay = new SinkRelay(doc, (_node, events) => sent.push(events));
    const direct = new RecentResults(3);
    const relayed = new RecentResults(3);
    for (const batch of [rows(0, 2), rows(2, 7), rows(7, 8)]) {
      relay.publish('table', batch);
      direct.add(batch);
    }
    expect(sent).toEqual([]);
    relay.drain(1_000);
    expect(sent).toEqual([rows(5, 8)]);
    for (const s of sent) relayed.add(s);
    expect(relayed.latest()).toEqual(direct.latest());
    // Held results cross at most every HOLD_MS.
    relay.publish('table', rows(8, 9));
    relay.drain(1_050);
    expect(sent).toHaveLength(1);
    relay.drain(1_100);
    expect(sent[1]).toEqual(rows(8, 9));
  });

  it('sends every batch of a watched sink, after what it held before the watch', () => {
    const sent: unknown[][] = [];
    const relay = new SinkRelay(doc, (_node, events) => sent.push(events));
    relay.publish('table', rows(0, 5));
    relay.watch('table', true);
    relay.publish('table', rows(5, 6));
    relay.publish('table', rows(6, 8));
    expect(sent).toEqual([rows(2, 5), rows(5, 6), rows(6, 8)]);
    relay.watch('table', false);
    relay.publish('table', rows(8, 9));
    expect(sent).toHaveLength(3);
    relay.drain(0, true);
    expect(sent[3]).toEqual(rows(8, 9));
  });

  it('holds a watched sink too while the main thread is behind, then sends the latest of it', () => {
    const sent: unknown[][] = [];
    const relay = new SinkRelay(doc, (_node, events) => sent.push(events));
    relay.watch('table', true);
    relay.congested = true;
    relay.publish('table', rows(0, 4));
    relay.drain(1_000);
    expect(sent).toEqual([]);
    relay.congested = false;
    // Still held ones go first: a new batch waits behind them.
    relay.publish('table', rows(4, 6));
    expect(sent).toEqual([]);
    relay.drain(1_000);
    expect(sent).toEqual([rows(3, 6)]);
    relay.publish('table', rows(6, 7));
    expect(sent).toEqual([rows(3, 6), rows(6, 7)]);
  });
});
