import {
  closeSync,
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
import { JsonLinesBuffer } from '../connectors/json-lines.js';

interface Segment {
  first: number;
  file: string;
}

/**
 * The write-ahead log of an ingest source: every accepted event is appended, and fdatasync'ed
 * before the client hears 202, so a crash cannot lose it (the answer waits for a group fdatasync of
 * `fd`; a checkpoint syncs before it counts events consumed). Events are numbered in arrival order;
 * a checkpoint records how many the engine consumed, a restore re-queues the rest, and segments
 * entirely below a persisted checkpoint are deleted, so the log stays about one checkpoint long.
 */
export class IngestLog {
  private segments: Segment[] = [];
  private handle: number | undefined;
  private size = 0;
  private next = 0;
  /** Appended since the last syncNow (another thread's fdatasync may have covered it too). */
  private unsynced = false;
  /** Reused for each append's JSONL. */
  private readonly encoded = new JsonLinesBuffer();

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
  }

  /** Sequence number the next appended event gets. */
  get nextSeq(): number {
    return this.next;
  }

  append(events: readonly unknown[]): void {
    if (events.length === 0) return;
    if (this.handle === undefined || this.size >= this.segmentBytes) this.rotate();
    const data = this.encoded.append(events).bytes();
    this.encoded.clear();
    let off = 0;
    while (off < data.length) off += writeSync(this.handle!, data, off, data.length - off);
    this.size += data.length;
    this.next += events.length;
    this.unsynced = true;
  }

  /**
   * The file the last append went to: whoever answers the client waits for its fdatasync there
   * (groupFdatasync, on the server's thread), so the run's thread never blocks on the disk.
   */
  get fd(): number | undefined {
    return this.handle;
  }

  /** fdatasync at once, blocking: before a checkpoint records events consumed, and before closing. */
  syncNow(): void {
    if (!this.unsynced || this.handle === undefined) return;
    fdatasyncSync(this.handle);
    this.unsynced = false;
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
    if (this.handle !== undefined) {
      this.syncNow();
      closeSync(this.handle);
    }
    this.handle = undefined;
  }

  private rotate(): void {
    // Synced before it closes: a group fdatasync of the old descriptor may find it closed.
    this.close();
    const last = this.segments.at(-1);
    // Reopen the last segment after a restart while it has room; otherwise start a new one.
    if (last && last.first + countLines(last.file) === this.next) {
      const fd = openSync(last.file, 'a');
      const size = fstatSync(fd).size;
      if (size < this.segmentBytes) {
        this.handle = fd;
        this.size = size;
        return;
      }
      closeSync(fd);
    }
    const file = path.join(this.dir, `${this.node}.${String(this.next).padStart(12, '0')}.jsonl`);
    this.handle = openSync(file, 'a');
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
