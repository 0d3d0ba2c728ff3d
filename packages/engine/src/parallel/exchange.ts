/**
 * The two ends of a cut edge of a parallel run. Each sending instance has an ExchangeOut (a sink of
 * its stage's run) that routes events to the receiving instances; each receiving instance has an
 * ExchangeIn (a source of its run) with one FIFO channel per sending instance. Per channel, batches,
 * watermarks, barriers and the end arrive in the order they were sent, so a watermark or a barrier
 * never overtakes the events before it. How messages travel (a function call, a MessagePort) is the
 * host's business: `send` here, `receive` there.
 */
import type { Sink, Source, SourcePoll } from '../host.js';
import type { Event } from '../runtime/operator.js';
import { ColumnBuilder } from './column-builder.js';
import { keyRouter } from './key-hash.js';
import type { Exchange } from './plan.js';
import { type RowColumns, RowColumnsBuilder, RowColumnsReader } from './row-columns.js';
import { SessionCombiner } from './session-combiner.js';
import { type Emit, TopNCombiner } from './top-n-combiner.js';
import { WindowCombiner } from './window-combiner.js';

/** Local work before sending (Exchange.combine): it holds events and hands on what to send. */
interface Combiner {
  add(events: Event[], times: number[], emit: Emit): void;
  /**
   * The sending instance's watermark moved (before it goes out): a top-N hands on what the windows
   * it closes need; a pre-aggregation stops folding the panes it reached.
   */
  onWatermark?(watermark: number, emit: Emit): void;
  /** Hands on everything it holds: at every flush, before the watermark and any barrier. */
  drain?(emit: Emit): void;
  /** What it holds at a barrier: part of the checkpoint (a combiner that drains holds nothing). */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

export type ExchangeMessage =
  | { t: 'batch'; events: Event[]; times: number[] }
  /**
   * Events for another thread as columns (row-columns.ts): whole, or reduced to the exchange's
   * fields (Exchange.fields, then the columns' keys).
   */
  | { t: 'rows'; rows: RowColumns; times: Float64Array | number[] }
  | { t: 'wm'; w: number }
  | { t: 'barrier'; id: number }
  | { t: 'end' };

/** Delivers a message of exchange `exchange` from a sending instance to receiving instance `to`. */
export type ExchangeSend = (exchange: number, to: number, message: ExchangeMessage) => void;

/** Events buffered per receiver before a batch is sent without waiting for the end of the step. */
const FLUSH_EVENTS = 2048;

export class ExchangeOut implements Sink {
  readonly nodeId: string;
  private readonly route: ((event: Event) => number) | null;
  private readonly combiner: Combiner | null;
  /** Fields sent, when the exchange sends only some (Exchange.fields): then batches go as columns. */
  private readonly fields: readonly string[] | null;
  /** Per receiver in this thread (or every receiver without `fields`): the events and their times. */
  private events: Event[][];
  private times: number[][];
  /** Per receiver in another thread when the exchange sends `fields`: per field. */
  private readonly columns: ColumnBuilder[][];
  /** Per receiver in another thread when it sends whole events. */
  private readonly rows: RowColumnsBuilder[];
  /** Per receiver in another thread: the times of what `columns` or `rows` holds. */
  private readonly columnTimes: ColumnBuilder<number>[];
  /** Per receiver: in this thread (gets whole events), asked once since it never changes. */
  private readonly isLocal: boolean[];
  private buffered = 0;
  private lastWatermark = Number.NEGATIVE_INFINITY;
  /** A watermark not sent yet (flush sends it after the events buffered before it). */
  private pendingWatermark: number | null = null;
  private closed = false;
  /** The barrier the stage is taking now (set by the stage around run.checkpoint()), else null. */
  barrier: number | null = null;

  constructor(
    exchange: Exchange,
    private readonly index: number,
    private readonly receivers: number,
    private readonly send: ExchangeSend,
    /** Receivers in this thread get the events themselves: only what crosses threads is reduced. */
    local: (to: number) => boolean = () => true,
  ) {
    this.nodeId = `${exchange.edge.id}⇢out`;
    this.route =
      exchange.route.type === 'hash' && receivers > 1 ? keyRouter(exchange.route.key, receivers) : null;
    this.fields = exchange.fields ?? null;
    const combine = exchange.combine;
    this.combiner =
      combine === undefined
        ? null
        : combine.type === 'top-n'
          ? new TopNCombiner(combine)
          : combine.type === 'window'
            ? new WindowCombiner(combine)
            : new SessionCombiner(combine);
    this.isLocal = Array.from({ length: receivers }, (_, to) => local(to));
    this.events = Array.from({ length: receivers }, () => []);
    this.times = Array.from({ length: receivers }, () => []);
    const columnar = (to: number) => this.fields !== null && !this.isLocal[to];
    this.columns = Array.from({ length: receivers }, (_, to) =>
      columnar(to) ? (this.fields ?? []).map(() => new ColumnBuilder()) : [],
    );
    this.rows = Array.from({ length: receivers }, () => new RowColumnsBuilder());
    this.columnTimes = Array.from({ length: receivers }, () => new ColumnBuilder<number>());
  }

  write(events: Event[], times: number[]): void {
    if (this.combiner) this.combiner.add(events, times, this.push);
    else this.push(events, times);
  }

  private readonly push = (events: Event[], times: number[]): void => {
    const route = this.route;
    const fields = this.fields;
    const isLocal = this.isLocal;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const to = route === null ? 0 : route(event);
      if (isLocal[to]) {
        (this.events[to] as Event[]).push(event);
        (this.times[to] as number[]).push(times[i] as number);
        continue;
      }
      // Columns of plain values clone between threads far cheaper than objects.
      if (fields === null) (this.rows[to] as RowColumnsBuilder).add(event);
      else {
        const cols = this.columns[to] as ColumnBuilder[];
        for (let f = 0; f < fields.length; f++) (cols[f] as ColumnBuilder).push(event[fields[f] as string]);
      }
      (this.columnTimes[to] as ColumnBuilder<number>).push(times[i] as number);
    }
    this.buffered += events.length;
    if (this.buffered >= FLUSH_EVENTS) this.sendBuffered();
  };

  /**
   * Sends what is buffered, then the watermark held since the last flush: the host calls it when it
   * hands over to other work (a worker at the end of its time slice), so events travel in large
   * batches and a watermark that moves every step costs one message per flush, not one per step.
   */
  flush(): void {
    this.combiner?.drain?.(this.push);
    this.sendBuffered();
    if (this.pendingWatermark === null) return;
    const w = this.pendingWatermark;
    this.pendingWatermark = null;
    for (let to = 0; to < this.receivers; to++) this.send(this.index, to, { t: 'wm', w });
  }

  private sendBuffered(): void {
    if (this.buffered === 0) return;
    for (let to = 0; to < this.receivers; to++) {
      const times = this.times[to] as number[];
      if (times.length > 0) {
        this.send(this.index, to, { t: 'batch', events: this.events[to] as Event[], times });
        this.events[to] = [];
        this.times[to] = [];
      }
      const columnTimes = this.columnTimes[to] as ColumnBuilder<number>;
      if (columnTimes.length === 0) continue;
      if (this.fields === null)
        this.send(this.index, to, {
          t: 'rows',
          rows: (this.rows[to] as RowColumnsBuilder).take(),
          times: columnTimes.take(),
        });
      else {
        const columns = (this.columns[to] as ColumnBuilder[]).map((c) => c.take());
        this.send(this.index, to, {
          t: 'rows',
          rows: { keys: this.fields, columns },
          times: columnTimes.take(),
        });
      }
    }
    this.buffered = 0;
  }

  onWatermark(watermark: number): void {
    if (watermark <= this.lastWatermark) return;
    this.lastWatermark = watermark;
    // What the combiner kept for the windows this watermark closes goes before it.
    this.combiner?.onWatermark?.(watermark, this.push);
    // Held until the next flush: every event written before it is sent first.
    this.pendingWatermark = watermark;
  }

  onCheckpoint(): unknown {
    const state = this.combiner?.snapshot?.() ?? null;
    // The final checkpoint a run takes at the end of its input is its own, not a barrier.
    if (this.barrier === null) return state;
    this.flush();
    for (let to = 0; to < this.receivers; to++) this.send(this.index, to, { t: 'barrier', id: this.barrier });
    return state;
  }

  /** The combiner's kept events at the barrier the run restores from. */
  restore(state: unknown): void {
    this.combiner?.restore?.(state);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    for (let to = 0; to < this.receivers; to++) this.send(this.index, to, { t: 'end' });
  }
}

interface Channel {
  queue: ExchangeMessage[];
  /** Events of the head batch already handed out. */
  offset: number;
  watermark: number;
  /** The barrier this channel delivered and that its instance has not yet aligned, else null. */
  barrier: number | null;
  ended: boolean;
}

export class ExchangeIn implements Source {
  readonly nodeId: string;
  private readonly channels: Channel[];
  private readonly rowReader = new RowColumnsReader();

  constructor(exchange: Exchange, senders: number) {
    this.nodeId = `${exchange.edge.id}⇢in`;
    this.channels = Array.from({ length: senders }, () => ({
      queue: [],
      offset: 0,
      watermark: Number.NEGATIVE_INFINITY,
      barrier: null,
      ended: false,
    }));
  }

  receive(from: number, message: ExchangeMessage): void {
    (this.channels[from] as Channel).queue.push(message);
  }

  /** Events waiting in the channels (a host holds its sources back while this grows). */
  get queuedEvents(): number {
    let n = 0;
    for (const c of this.channels)
      for (const m of c.queue) if (m.t === 'batch' || m.t === 'rows') n += m.times.length;
    return n;
  }

  /** Messages waiting (a host that steps only instances with work to do asks). */
  get waiting(): boolean {
    return this.channels.some((c) => c.queue.length > 0 && c.barrier === null);
  }

  poll(maxEvents: number): SourcePoll {
    const events: Event[] = [];
    const times: number[] = [];
    let room = maxEvents;
    for (const c of this.channels) {
      while (room > 0 && c.barrier === null && c.queue.length > 0) {
        const m = c.queue[0] as ExchangeMessage;
        // A whole batch as the first thing polled is handed over as it is (events) or built at its
        // size (columns), not copied event by event.
        if (events.length === 0 && c.offset === 0 && (m.t === 'batch' || m.t === 'rows')) {
          const size = m.times.length;
          if (size <= room) {
            c.queue.shift();
            if (m.t === 'batch') return { events: m.events, times: m.times, ended: false, drained: true };
            const at: number[] = new Array(size);
            for (let i = 0; i < size; i++) at[i] = m.times[i] as number;
            const built: Event[] = [];
            this.rowReader.read(m.rows, 0, size, built);
            return { events: built, times: at, ended: false, drained: true };
          }
        }
        if (m.t === 'batch' || m.t === 'rows') {
          const size = m.times.length;
          const from = c.offset;
          const take = Math.min(room, size - from);
          const end = from + take;
          const mt = m.times;
          if (m.t === 'batch') {
            const me = m.events;
            for (let i = from; i < end; i++) {
              events.push(me[i] as Event);
              times.push(mt[i] as number);
            }
          } else {
            this.rowReader.read(m.rows, from, end, events);
            for (let i = from; i < end; i++) times.push(mt[i] as number);
          }
          c.offset = end;
          room -= take;
          if (c.offset < size) break;
          c.offset = 0;
        } else if (m.t === 'wm') c.watermark = Math.max(c.watermark, m.w);
        else if (m.t === 'barrier') c.barrier = m.id;
        else {
          c.ended = true;
          c.watermark = Number.POSITIVE_INFINITY;
        }
        c.queue.shift();
      }
    }
    const ended = this.channels.every((c) => c.ended && c.queue.length === 0);
    return { events, times, ended, drained: true };
  }

  /** The minimum over the sending instances (Flink's input watermark of a task). */
  watermark(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const c of this.channels) if (c.watermark < min) min = c.watermark;
    return min;
  }

  /**
   * The barrier every channel has delivered (or ended without), once they all have: the stage may
   * snapshot. 'waiting' while some channel still has events before it; 'ended' when every channel
   * ended with no barrier pending.
   */
  alignedBarrier(): number | 'waiting' | 'ended' {
    let id: number | null = null;
    for (const c of this.channels) {
      if (c.barrier !== null) id = c.barrier;
      else if (!c.ended) return 'waiting';
    }
    return id ?? 'ended';
  }

  /** After the snapshot: the channels that delivered the barrier flow again. */
  release(): void {
    for (const c of this.channels) c.barrier = null;
  }

  // The stage's snapshot holds what was polled; messages after the barrier are sent again by the
  // restored senders, so an exchange has no position of its own.
  offset(): null {
    return null;
  }

  restore(): void {}
}
