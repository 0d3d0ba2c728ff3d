import { type FileHandle, open } from 'node:fs/promises';

export interface Line {
  text: string;
  /** 1-based line number in the file. */
  number: number;
  /** Byte offset just past this line's newline: where reading resumes after it. */
  next: number;
}

export interface ReaderPosition {
  offset: number;
  /** Lines before `offset`, so error messages keep true line numbers after a restore. */
  line: number;
}

/** The longest line accepted: a file without newlines must not be loaded whole. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file line by line from a byte offset, a chunk at a time: it never holds more than
 * `maxBuffered` lines or `maxBufferedBytes`, and reads more only when the consumer has taken some
 * (backpressure). Offsets are exact byte positions, so a checkpoint can resume exactly after the
 * last line taken. A read error (or an over-long line) never rejects in the background: it is kept
 * in `failure` for the consumer to report.
 */
export class LineReader {
  private handle: FileHandle | undefined;
  /** Buffered lines from `head` on (an index, so that taking one line is O(1)). */
  private lines: Line[] = [];
  private head = 0;
  /** The start of a line whose newline is not read yet, as chunks (joined once the line is complete). */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private readPos: number;
  private lineNo: number;
  private eof = false;
  private filling: Promise<void> | undefined;
  private taken: ReaderPosition;
  private bufferedBytes = 0;
  /** Why reading stopped early, if it did. */
  failure: string | undefined;

  constructor(
    private readonly file: string,
    start: ReaderPosition = { offset: 0, line: 0 },
    private readonly maxBuffered = 16_384,
    private readonly chunkBytes = 64 * 1024,
    private readonly maxBufferedBytes = 8 * 1024 * 1024,
  ) {
    this.readPos = start.offset;
    this.lineNo = start.line;
    this.taken = { ...start };
  }

  /** Opens the file (rejecting when it cannot) and reads ahead. */
  async open(): Promise<void> {
    this.handle = await open(this.file, 'r');
    await this.fill();
    if (this.failure) throw new Error(this.failure);
  }

  /** Where the consumer is: just after the last line it took. */
  get position(): ReaderPosition {
    return { ...this.taken };
  }

  /** End of file reached and every line taken. */
  get ended(): boolean {
    return this.eof && this.buffered === 0;
  }

  get buffered(): number {
    return this.lines.length - this.head;
  }

  peek(): Line | undefined {
    return this.lines[this.head];
  }

  /** Takes up to `n` buffered lines without waiting; starts reading more in the background. */
  take(n: number): Line[] {
    const end = Math.min(this.lines.length, this.head + n);
    const out = this.lines.slice(this.head, end);
    this.head = end;
    if (this.head === this.lines.length) {
      this.lines = [];
      this.head = 0;
    }
    const last = out[out.length - 1];
    if (last) this.taken = { offset: last.next, line: last.number };
    for (const l of out) this.bufferedBytes -= l.text.length;
    // Refill early: the engine polls in tight synchronous slices, and an empty buffer costs it an idle wait.
    if (!this.eof && this.buffered < (this.maxBuffered * 3) / 4) void this.fill();
    return out;
  }

  /** Reads until the buffer is full or the file ends; concurrent calls share one read. Never rejects. */
  fill(): Promise<void> {
    this.filling ??= this.readMore()
      .catch((e: Error) => {
        this.failure ??= `${this.file}: ${e.message}`;
      })
      .finally(() => {
        this.filling = undefined;
      });
    return this.filling;
  }

  async close(): Promise<void> {
    await this.filling?.catch(() => undefined);
    await this.handle?.close();
    this.handle = undefined;
  }

  private async readMore(): Promise<void> {
    while (
      this.handle &&
      !this.eof &&
      !this.failure &&
      this.buffered < this.maxBuffered &&
      this.bufferedBytes < this.maxBufferedBytes
    ) {
      const chunk = Buffer.allocUnsafe(this.chunkBytes);
      const { bytesRead } = await this.handle.read(chunk, 0, this.chunkBytes, this.readPos);
      if (bytesRead === 0) {
        this.eof = true;
        if (this.carryBytes > 0) this.pushLine(Buffer.concat(this.carry), this.readPos);
        this.carry = [];
        this.carryBytes = 0;
        return;
      }
      const data = chunk.subarray(0, bytesRead);
      const dataStart = this.readPos;
      this.readPos += bytesRead;
      let from = 0;
      for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
        const piece = data.subarray(from, nl);
        const line = this.carryBytes > 0 ? Buffer.concat([...this.carry, piece]) : piece;
        this.carry = [];
        this.carryBytes = 0;
        this.pushLine(line, dataStart + nl + 1);
        from = nl + 1;
      }
      if (from < data.length) {
        this.carry.push(Buffer.from(data.subarray(from)));
        this.carryBytes += data.length - from;
      }
      if (this.carryBytes > MAX_LINE_BYTES)
        throw new Error(`line ${this.lineNo + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
    }
  }

  private pushLine(bytes: Buffer, next: number): void {
    if (this.head > 4096 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    this.lineNo++;
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.lines.push({ text, number: this.lineNo, next });
    // String length stands in for bytes: the bound is about memory, not exactness.
    this.bufferedBytes += text.length;
  }
}
