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

interface Segment {
  first: number;
  file: string;
}

/**
 * The write-ahead log of an ingest source: every accepted event is appended (and fdatasync'ed)
 * before the client hears 202, so a crash cannot lose it. Events are numbered in arrival order;
 * a checkpoint records how many the engine consumed, a restore re-queues the rest, and segments
 * entirely below a persisted checkpoint are deleted, so the log stays about one checkpoint long.
 */
export class IngestLog {
  private segments: Segment[] = [];
  private fd: number | undefined;
  private size = 0;
  private next = 0;
  private unsynced = false;

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

  /**
   * Appends events. `sync: false` leaves them in the OS's page cache (they survive the process being
   * killed, not a power loss) until the next sync(): for sources that must acknowledge one message
   * at a time, where an fdatasync each (~4 ms) would cap them at a few hundred messages/s.
   */
  append(events: readonly unknown[], opts: { sync?: boolean } = {}): void {
    if (events.length === 0) return;
    if (this.fd === undefined || this.size >= this.segmentBytes) this.rotate();
    const data = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    let off = 0;
    while (off < data.length) off += writeSync(this.fd!, data, off, data.length - off);
    if (opts.sync !== false) fdatasyncSync(this.fd!);
    this.unsynced = opts.sync === false;
    this.size += data.length;
    this.next += events.length;
  }

  /** Makes what append({ sync: false }) wrote durable on disk. */
  sync(): void {
    if (this.fd !== undefined && this.unsynced) fdatasyncSync(this.fd);
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
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private rotate(): void {
    this.sync();
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
