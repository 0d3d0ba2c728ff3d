import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { jsonLines } from '../connectors/json-lines.js';

interface Segment {
  first: number;
  file: string;
}

/**
 * The write-ahead log of an ingest source: every accepted event is appended and fdatasync'ed
 * before the client hears 202, so a crash cannot lose it. The fdatasync is a group commit, off the
 * run's thread: appends write at once, sync() waits for the next fdatasync, which covers every
 * append before it started (one fdatasync for all the requests that came while the last one ran).
 * Events are numbered in arrival order;
 * a checkpoint records how many the engine consumed, a restore re-queues the rest, and segments
 * entirely below a persisted checkpoint are deleted, so the log stays about one checkpoint long.
 */
export class IngestLog {
  private segments: Segment[] = [];
  private fd: number | undefined;
  private size = 0;
  private next = 0;
  /** Events up to this sequence number are on disk. */
  private synced = 0;
  private syncing = false;
  private waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly dir: string,
    private readonly node: string,
    private readonly segmentBytes = 16 * 1024 * 1024,
  ) {}

  /** Opens the log; `fresh` removes what an earlier run left. */
  open(fresh: boolean): void {
    if (fresh) for (const s of this.list()) rmSync(s.file, { force: true });
    mkdirSync(this.dir, { recursive: true });
    this.segments = this.list();
    const last = this.segments.at(-1);
    if (last) cutTornTail(last.file);
    this.next = last ? last.first + countLines(last.file) : 0;
    this.synced = this.next;
  }

  /** Sequence number the next appended event gets. */
  get nextSeq(): number {
    return this.next;
  }

  append(events: readonly unknown[]): void {
    if (events.length === 0) return;
    if (this.fd === undefined || this.size >= this.segmentBytes) this.rotate();
    const data = Buffer.from(jsonLines(events));
    let off = 0;
    while (off < data.length) off += writeSync(this.fd!, data, off, data.length - off);
    this.size += data.length;
    this.next += events.length;
  }

  /** Resolves once every event appended so far is on disk; rejects when the fdatasync failed. */
  sync(): Promise<void> {
    if (this.synced >= this.next) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo: this.next, resolve, reject });
      this.startSync();
    });
  }

  /** sync() at once, blocking: before the file is closed. */
  syncNow(): void {
    if (this.synced >= this.next || this.fd === undefined) return;
    fdatasyncSync(this.fd);
    this.settle(this.next, undefined);
  }

  private startSync(): void {
    if (this.syncing || this.fd === undefined) return;
    this.syncing = true;
    const upTo = this.next;
    fdatasync(this.fd, (err) => {
      this.syncing = false;
      this.settle(upTo, err ?? undefined);
      if (this.waiters.length > 0) this.startSync();
    });
  }

  /** The events before upTo are on disk (or failed to get there): answers their waiters. */
  private settle(upTo: number, err: Error | undefined): void {
    if (err === undefined) this.synced = Math.max(this.synced, upTo);
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.upTo <= this.synced) w.resolve();
      else if (err !== undefined && w.upTo <= upTo) w.reject(err);
      else this.waiters.push(w);
    }
  }

  /** Events numbered `seq` and later, in order. */
  readFrom(seq: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const [i, s] of this.segments.entries()) {
      const end = this.segments[i + 1]?.first ?? Number.POSITIVE_INFINITY;
      if (end <= seq) continue;
      const lines = readFileSync(s.file, 'utf8').split('\n');
      for (let k = Math.max(0, seq - s.first); k < lines.length; k++) {
        const line = lines[k];
        // A torn last line (the crash hit mid-append) was never acknowledged: skip it.
        if (!line) continue;
        try {
          out.push(JSON.parse(line));
        } catch {}
      }
    }
    return out;
  }

  /** Deletes segments whose every event is below `consumed` (the current segment stays). */
  prune(consumed: number): void {
    while (this.segments.length > 1) {
      const second = this.segments[1]!;
      if (second.first > consumed) return;
      const first = this.segments.shift()!;
      try {
        unlinkSync(first.file);
      } catch {}
    }
  }

  close(): void {
    if (this.fd !== undefined) {
      this.syncNow();
      closeSync(this.fd);
    }
    this.fd = undefined;
  }

  private rotate(): void {
    // A group fdatasync still running on the old file finds everything synced: its waiters are answered here.
    this.close();
    const last = this.segments.at(-1);
    // Reopen the last segment after a restart while it has room; otherwise start a new one.
    if (last && last.first + countLines(last.file) === this.next) {
      const fd = openSync(last.file, 'a');
      const size = fstatSync(fd).size;
      if (size < this.segmentBytes) {
        this.fd = fd;
        this.size = size;
        return;
      }
      closeSync(fd);
    }
    const file = path.join(this.dir, `${this.node}.${String(this.next).padStart(12, '0')}.jsonl`);
    this.fd = openSync(file, 'a');
    this.size = 0;
    this.segments.push({ first: this.next, file });
  }

  private list(): Segment[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const prefix = `${this.node}.`;
    return names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
      .map((n) => ({ first: Number(n.slice(prefix.length, -6)), file: path.join(this.dir, n) }))
      .filter((s) => Number.isInteger(s.first))
      .sort((a, b) => a.first - b.first);
  }
}

/** A crash mid-append leaves a line without its newline; it was never acknowledged, so it goes. */
function cutTornTail(file: string): void {
  const data = readFileSync(file);
  const end = data.lastIndexOf(10) + 1;
  if (end < data.length) truncateSync(file, end);
}

function countLines(file: string): number {
  const text = readFileSync(file, 'utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
