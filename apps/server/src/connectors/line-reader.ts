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

/**
 * Reads a file line by line from a byte offset, a chunk at a time: it never holds more than
 * `maxBuffered` lines, and reads more only when the consumer has taken some (backpressure).
 * Offsets are exact byte positions, so a checkpoint can resume exactly after the last line taken.
 */
export class LineReader {
  private handle: FileHandle | undefined;
  /** Buffered lines from `head` on (an index, so that taking one line is O(1)). */
  private lines: Line[] = [];
  private head = 0;
  private carry: Buffer = Buffer.alloc(0);
  private readPos: number;
  private lineNo: number;
  private eof = false;
  private filling: Promise<void> | undefined;
  private taken: ReaderPosition;

  constructor(
    private readonly file: string,
    start: ReaderPosition = { offset: 0, line: 0 },
    private readonly maxBuffered = 16_384,
    private readonly chunkBytes = 64 * 1024,
  ) {
    this.readPos = start.offset;
    this.lineNo = start.line;
    this.taken = { ...start };
  }

  async open(): Promise<void> {
    this.handle = await open(this.file, 'r');
    await this.fill();
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
    // Refill early: the engine polls in tight synchronous slices, and an empty buffer costs it an idle wait.
    if (!this.eof && this.buffered < (this.maxBuffered * 3) / 4) void this.fill();
    return out;
  }

  /** Reads until the buffer is full or the file ends; concurrent calls share one read. */
  fill(): Promise<void> {
    this.filling ??= this.readMore().finally(() => {
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
    while (this.handle && !this.eof && this.buffered < this.maxBuffered) {
      const chunk = Buffer.allocUnsafe(this.chunkBytes);
      const { bytesRead } = await this.handle.read(chunk, 0, this.chunkBytes, this.readPos);
      if (bytesRead === 0) {
        this.eof = true;
        if (this.carry.length > 0) this.pushLine(this.carry, this.readPos);
        this.carry = Buffer.alloc(0);
        return;
      }
      const data = this.carry.length
        ? Buffer.concat([this.carry, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
      const dataStart = this.readPos - this.carry.length;
      this.readPos += bytesRead;
      let from = 0;
      for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
        this.pushLine(data.subarray(from, nl), dataStart + nl + 1);
        from = nl + 1;
      }
      this.carry = Buffer.from(data.subarray(from));
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
  }
}
