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
  /**
   * Buffered lines from `head` on (an index, so that taking lines is O(1)), as parallel arrays: the
   * text and the byte offset just past the line's newline. No object per line.
   */
  private texts: string[] = [];
  private nexts: number[] = [];
  private head = 0;
  /** Number of the line at `head`, minus one (lines are numbered from 1). */
  private headLine: number;
  /** The start of a line whose newline is not read yet, as chunks (joined once the line is complete). */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private readPos: number;
  private eof = false;
  private filling: Promise<void> | undefined;
  private taken: ReaderPosition;
  private bufferedBytes = 0;
  private chunk: Buffer | undefined;
  /** Why reading stopped early, if it did. */
  failure: string | undefined;

  constructor(
    private readonly file: string,
    start: ReaderPosition = { offset: 0, line: 0 },
    private readonly maxBuffered = 16_384,
    private readonly chunkBytes = 256 * 1024,
    private readonly maxBufferedBytes = 8 * 1024 * 1024,
  ) {
    this.readPos = start.offset;
    this.headLine = start.line;
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
    return this.texts.length - this.head;
  }

  peek(): Line | undefined {
    return this.head < this.texts.length ? this.lineAt(0) : undefined;
  }

  /** The text of buffered line k (0 = the next one), k < buffered. */
  text(k: number): string {
    return this.texts[this.head + k] as string;
  }

  /** The 1-based number of buffered line k in the file. */
  lineNumber(k: number): number {
    return this.headLine + k + 1;
  }

  /** Takes up to `n` buffered lines without waiting; starts reading more in the background. */
  take(n: number): Line[] {
    const count = Math.min(n, this.buffered);
    const out: Line[] = new Array(count);
    for (let k = 0; k < count; k++) out[k] = this.lineAt(k);
    this.skip(count);
    return out;
  }

  /** Takes the next `n` buffered lines (n <= buffered) without building them: see text(k). */
  skip(n: number): void {
    if (n <= 0) return;
    const end = this.head + n;
    for (let k = this.head; k < end; k++) this.bufferedBytes -= (this.texts[k] as string).length;
    this.taken = { offset: this.nexts[end - 1] as number, line: this.headLine + n };
    this.headLine += n;
    this.head = end;
    if (this.head === this.texts.length) {
      this.texts = [];
      this.nexts = [];
      this.head = 0;
    }
    // Refill early: the engine polls in tight synchronous slices, and an empty buffer costs it an idle wait.
    if (!this.eof && this.buffered < (this.maxBuffered * 3) / 4) void this.fill();
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

  private lineAt(k: number): Line {
    return {
      text: this.texts[this.head + k] as string,
      number: this.headLine + k + 1,
      next: this.nexts[this.head + k] as number,
    };
  }

  private async readMore(): Promise<void> {
    while (
      this.handle &&
      !this.eof &&
      !this.failure &&
      this.buffered < this.maxBuffered &&
      this.bufferedBytes < this.maxBufferedBytes
    ) {
      // One read buffer for the reader's life: its bytes are decoded (or copied to carry) before the next read.
      this.chunk ??= Buffer.allocUnsafe(this.chunkBytes);
      const chunk = this.chunk;
      const { bytesRead } = await this.handle.read(chunk, 0, this.chunkBytes, this.readPos);
      if (bytesRead === 0) {
        this.eof = true;
        if (this.carryBytes > 0) {
          const last = Buffer.concat(this.carry).toString('utf8');
          this.pushLine(last.endsWith('\r') ? last.slice(0, -1) : last, this.readPos);
        }
        this.carry = [];
        this.carryBytes = 0;
        return;
      }
      const data = chunk.subarray(0, bytesRead);
      this.readPos += bytesRead;
      const lastNl = data.lastIndexOf(10);
      if (lastNl >= 0) this.splitLines(data, lastNl);
      const rest = lastNl + 1;
      if (rest < data.length) {
        this.carry.push(Buffer.from(data.subarray(rest)));
        this.carryBytes += data.length - rest;
      }
      if (this.carryBytes > MAX_LINE_BYTES)
        throw new Error(
          `line ${this.headLine + this.buffered + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`,
        );
    }
  }

  /**
   * The complete lines of a chunk (the carried start of a line, then data up to its last newline at
   * `lastNl`): decoded to one string at once and split there. A newline byte never occurs inside a
   * UTF-8 sequence, so no character is cut. Byte offsets come from string lengths when the text is
   * ASCII (one byte per character), else from each line's byte length.
   */
  private splitLines(data: Buffer, lastNl: number): void {
    const start = this.readPos - data.length - this.carryBytes;
    const complete =
      this.carryBytes > 0
        ? Buffer.concat([...this.carry, data.subarray(0, lastNl)])
        : data.subarray(0, lastNl);
    this.carry = [];
    this.carryBytes = 0;
    const str = complete.toString('utf8');
    const ascii = str.length === complete.length;
    const parts = str.split('\n');
    if (this.head > 4096 && this.head * 2 > this.texts.length) {
      this.texts = this.texts.slice(this.head);
      this.nexts = this.nexts.slice(this.head);
      this.head = 0;
    }
    let pos = start;
    for (const part of parts) {
      pos += (ascii ? part.length : Buffer.byteLength(part)) + 1;
      this.pushLine(part.endsWith('\r') ? part.slice(0, -1) : part, pos);
    }
  }

  private pushLine(text: string, next: number): void {
    this.texts.push(text);
    this.nexts.push(next);
    // String length stands in for bytes: the bound is about memory, not exactness.
    this.bufferedBytes += text.length;
  }
}
