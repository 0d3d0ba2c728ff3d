import { type TopNParams, topNParams } from '@eventide/shared';
import type {
  Event,
  Operator,
  OperatorContext,
  OperatorFactory,
  OperatorNode,
} from '../../runtime/operator.js';
import { compareTuples } from './compare.js';
import { KeyExtractor } from './key.js';
import { keptList, type Ranked, RankRule } from './rank-rule.js';
import { timeFromJSON, timeToJSON } from './time-json.js';
import { WindowClock } from './window-clock.js';
import { alignedStart, keyFieldsOf } from './window-params.js';

interface Pane {
  start: number;
  end: number;
  /** Per key id, what the rank rule keeps so far, best first. */
  keys: Map<unknown, Ranked[]>;
}

type JSONEntry = [Event, number, number];

interface Snapshot {
  watermark: number | string;
  seq: number;
  panes: [number, [unknown, JSONEntry[]][]][];
}

/**
 * window.top-n: per tumbling window and key, the n events ranking first by a numeric field (SQL's
 * ROW_NUMBER() OVER (PARTITION BY window, key ORDER BY field) <= n; with withTies, RANK() <= n).
 * Each key keeps what the rank rule keeps (rank-rule.ts), sorted, so an event that ranks below a
 * full list costs one comparison. When the window fires (watermark at end - 1), it emits each kept
 * event with window_start, window_end and its rank, by key then rank, at time end - 1. An event
 * whose window fired is late.
 */
export class TopNOperator implements Operator {
  readonly nodeId: string;
  private readonly p: TopNParams;
  private readonly key: KeyExtractor;
  private readonly rule: RankRule;
  private readonly clock: WindowClock;
  private ctx!: OperatorContext;
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private panes = new Map<number, Pane>();
  private lastPane: Pane | undefined;

  constructor(node: OperatorNode) {
    this.nodeId = node.id;
    this.p = topNParams.parse(node.params);
    this.key = new KeyExtractor(keyFieldsOf(node, this.p));
    this.rule = new RankRule(this.p.n, this.p.descending, this.p.withTies);
    this.clock = new WindowClock(
      { timeMode: this.p.timeMode, earlyFireMs: 0 },
      (time) => this.advance(time),
      () => {},
    );
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.clock.open(ctx);
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const { sizeMs, offsetMs, orderBy } = this.p;
    const rule = this.rule;
    const processingTime = this.p.timeMode === 'processing';
    const now = processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = processingTime ? now : (times[i] as number);
      const q = this.seq++;
      if (!Number.isFinite(t)) {
        this.ctx.error(e, t, 'event has no valid time');
        continue;
      }
      const start = alignedStart(t, sizeMs, offsetMs);
      const end = start + sizeMs;
      if (end - 1 <= this.watermark) {
        this.ctx.late(e, t);
        continue;
      }
      const v = e[orderBy];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        this.ctx.error(
          e,
          t,
          `field "${orderBy}" is ${v === null || v === undefined ? 'missing' : typeof v}, not a number`,
        );
        continue;
      }
      let pane = this.lastPane;
      if (pane === undefined || pane.end !== end) {
        pane = this.panes.get(end);
        if (pane === undefined) {
          pane = { start, end, keys: new Map() };
          this.panes.set(end, pane);
        }
        this.lastPane = pane;
      }
      rule.insert(keptList(pane.keys, this.key.id(e)), { e, v, t, q });
    }
  }

  onWatermark(watermark: number): number {
    this.clock.onWatermark(watermark);
    return watermark;
  }

  onProcessingTime(now: number): void {
    this.clock.onProcessingTime(now);
  }

  /** Fires the windows with end - 1 <= time, by end, keys in value order, entries by rank. */
  private advance(time: number): void {
    if (time <= this.watermark) return;
    this.watermark = time;
    const due = [...this.panes.values()].filter((p) => p.end - 1 <= time).sort((a, b) => a.end - b.end);
    if (due.length === 0) return;
    const events: Event[] = [];
    const times: number[] = [];
    const rankField = this.p.rankField;
    for (const pane of due) {
      this.panes.delete(pane.end);
      if (this.lastPane === pane) this.lastPane = undefined;
      const keys = [...pane.keys.keys()].map((id) => ({ id, values: this.key.valuesOfId(id) }));
      if (keys.length > 1) keys.sort((a, b) => compareTuples(a.values, b.values));
      for (const { id } of keys) {
        const list = pane.keys.get(id) as Ranked[];
        const ranks = this.rule.ranks(list);
        for (let r = 0; r < list.length; r++) {
          events.push({
            ...(list[r] as Ranked).e,
            window_start: pane.start,
            window_end: pane.end,
            [rankField]: ranks[r],
          });
          times.push(pane.end - 1);
        }
      }
    }
    this.ctx.emit('out', events, times);
  }

  snapshot(): Snapshot {
    return {
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      panes: [...this.panes.values()].map((p) => [
        p.end,
        [...p.keys.entries()].map(([id, list]) => [id, list.map((x): JSONEntry => [x.e, x.t, x.q])]),
      ]),
    };
  }

  restore(state: unknown): void {
    const s = state as Snapshot;
    this.watermark = timeFromJSON(s.watermark);
    this.seq = s.seq;
    for (const [end, keys] of s.panes) {
      const pane: Pane = { start: end - this.p.sizeMs, end, keys: new Map() };
      for (const [id, list] of keys)
        pane.keys.set(
          id,
          list.map(([e, t, q]) => ({ e, v: e[this.p.orderBy] as number, t, q })),
        );
      this.panes.set(end, pane);
    }
  }

  stateSize(): { keys: number; openWindows: number } {
    let keys = 0;
    for (const p of this.panes.values()) keys += p.keys.size;
    return { keys, openWindows: this.panes.size };
  }
}

export const topNWindow: OperatorFactory = (node) => new TopNOperator(node);
