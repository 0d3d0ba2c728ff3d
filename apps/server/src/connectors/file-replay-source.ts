import { checkEvent, type EventLimits, type EventProblem, parseJsonLineBlock } from '@eventide/shared';
import { csvRecord, splitCsvLine } from './csv.js';
import { type Line, type LineBlock, LineReader, type ReaderPosition } from './line-reader.js';

export type ReplaySpeed = 'max' | 'realtime' | number;

export interface FileReplayOptions {
  file: string;
  format: 'jsonl' | 'csv';
  speed: ReplaySpeed;
  /** Field with epoch-ms times that paces real-time and N x replay. */
  timeField: string;
  /** A line whose event checkEvent refuses is a bad line, like one that does not parse. */
  limits: EventLimits;
  /** Where to resume (from a checkpoint); the start of the file when absent. */
  from?: ReaderPosition;
  /** A line that is not an event: counted by the caller, never fatal. */
  onBadLine: (reason: string) => void;
}

export interface PollResult {
  events: Record<string, unknown>[];
  ended: boolean;
}

/**
 * Replays a JSONL or CSV file as a pull source: poll() hands out only lines already read (never
 * waits, never loads the whole file) and, at realtime or N x speed, only the events whose time has
 * come. position() is the byte offset after the last event handed out, for checkpoints.
 */
export class FileReplaySource {
  private reader: LineReader;
  private header: string[] | undefined;
  private anchor: { eventTime: number; wallTime: number } | undefined;

  constructor(private readonly opts: FileReplayOptions) {
    this.reader = new LineReader(opts.file, opts.from);
  }

  async open(): Promise<void> {
    if (this.opts.format === 'csv') {
      this.header = await readCsvHeader(this.opts.file);
      const from = this.opts.from;
      // A fresh CSV replay starts after the header line.
      if (!from || from.offset === 0) {
        this.reader = new LineReader(this.opts.file, { offset: 0, line: 0 });
        await this.reader.open();
        this.reader.take(1);
        return;
      }
    }
    await this.reader.open();
  }

  position(): ReaderPosition {
    return this.reader.position;
  }

  /** Lines are ready or the file is done: a caller may wait on `ready()` otherwise. */
  ready(): Promise<void> {
    return this.reader.fill();
  }

  /** Throws when the file could not be read on (the run fails with the reason). */
  poll(maxEvents: number, now: number): PollResult {
    if (this.opts.speed === 'max' && !this.header) return this.pollJsonl(maxEvents);
    const events: Record<string, unknown>[] = [];
    while (events.length < maxEvents) {
      const line = this.reader.peek();
      if (!line) break;
      if (line.text.trim() === '') {
        this.reader.take(1);
        continue;
      }
      const event = this.parse(line);
      if (event === undefined) {
        this.reader.take(1);
        continue;
      }
      if (!this.due(event, now)) break;
      this.reader.take(1);
      events.push(event);
    }
    if (events.length === 0 && this.reader.buffered === 0 && this.reader.failure)
      throw new Error(this.reader.failure);
    return { events, ended: this.reader.ended };
  }

  /**
   * JSONL as fast as possible: buffered lines are taken a block at a time (one string, no string
   * or object per line) and each block parsed in one JSON.parse call (parseJsonLineBlock); when
   * that cannot vouch for every line, line by line, so a bad line is reported and skipped as in
   * poll(). Blank lines are skipped; bad lines do not count towards maxEvents.
   */
  private pollJsonl(maxEvents: number): PollResult {
    const reader = this.reader;
    const limits = this.opts.limits;
    let events: Record<string, unknown>[] = [];
    for (let block = reader.block(maxEvents); block; block = reader.block(maxEvents - events.length)) {
      const values = parseJsonLineBlock(block.text, block.lines);
      if (values === undefined) {
        reader.skip(this.blockLineByLine(block, maxEvents, events));
        continue;
      }
      // The parsed array becomes the batch itself when it is the first block (refused events cut out).
      const out = events.length === 0 ? (values as Record<string, unknown>[]) : events;
      let w = out === events ? events.length : 0;
      for (let i = 0; i < values.length; i++) {
        // The same check as decode(): one parse call changes nothing about what a line may hold.
        const problem = checkEvent(values[i], limits);
        if (problem) this.badLine(block.firstLine + i, describe(problem));
        else out[w++] = values[i] as Record<string, unknown>;
      }
      out.length = w;
      events = out;
      reader.skip(block.lines);
    }
    if (events.length === 0 && reader.buffered === 0 && reader.failure) throw new Error(reader.failure);
    return { events, ended: reader.ended };
  }

  /** The lines of `block` one by one into `events` until it holds maxEvents; how many lines were used. */
  private blockLineByLine(block: LineBlock, maxEvents: number, events: Record<string, unknown>[]): number {
    const lines = block.text.split('\n');
    let k = 0;
    for (; k < lines.length && events.length < maxEvents; k++) {
      const raw = lines[k] as string;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.length === 0) continue;
      try {
        events.push(this.decode(text));
      } catch (e) {
        if (text.trim() !== '') this.badLine(block.firstLine + k, (e as Error).message);
      }
    }
    return k;
  }

  private badLine(line: number, reason: string): void {
    this.opts.onBadLine(`${this.opts.file} line ${line}: ${reason}`);
  }

  /** When the next held-back event is due (realtime / N x), for the caller's timer; undefined if not pacing. */
  nextDueAt(): number | undefined {
    if (this.opts.speed === 'max' || !this.anchor) return undefined;
    const line = this.reader.peek();
    if (!line) return undefined;
    const event = this.parseQuiet(line);
    const t = event?.[this.opts.timeField];
    return typeof t === 'number' ? this.wallTimeOf(t) : undefined;
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  private due(event: Record<string, unknown>, now: number): boolean {
    if (this.opts.speed === 'max') return true;
    const t = event[this.opts.timeField];
    if (typeof t !== 'number' || !Number.isFinite(t)) return true;
    if (!this.anchor) this.anchor = { eventTime: t, wallTime: now };
    return now >= this.wallTimeOf(t);
  }

  private wallTimeOf(eventTime: number): number {
    const a = this.anchor!;
    const factor = this.opts.speed === 'realtime' ? 1 : (this.opts.speed as number);
    return a.wallTime + Math.max(0, eventTime - a.eventTime) / factor;
  }

  private parse(line: Line): Record<string, unknown> | undefined {
    try {
      return this.decode(line.text);
    } catch (e) {
      this.opts.onBadLine(`${this.opts.file} line ${line.number}: ${(e as Error).message}`);
      return undefined;
    }
  }

  private parseQuiet(line: Line): Record<string, unknown> | undefined {
    try {
      return this.decode(line.text);
    } catch {
      return undefined;
    }
  }

  private decode(text: string): Record<string, unknown> {
    const value: unknown = this.header ? csvRecord(this.header, text) : JSON.parse(text);
    const problem = checkEvent(value, this.opts.limits);
    if (problem) throw new Error(describe(problem));
    return value as Record<string, unknown>;
  }
}

const describe = (p: EventProblem) => (p.path === '' ? p.reason : `${p.path}: ${p.reason}`);

async function readCsvHeader(file: string): Promise<string[]> {
  const reader = new LineReader(file, { offset: 0, line: 0 }, 1);
  try {
    await reader.open();
    const first = reader.take(1)[0];
    if (!first) throw new Error(`${file}: empty CSV file, expected a header line`);
    return splitCsvLine(first.text).map((h) => h.trim());
  } finally {
    await reader.close();
  }
}
