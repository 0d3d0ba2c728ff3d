import { isAscii } from 'node:buffer';
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

/** Consecutive buffered lines as one string: `lines` lines joined by "\n" (a "\r" before a newline is kept). */
export interface LineBlock {
  text: string;
  lines: number;
  /** 1-based number of the first line in the file. */
  firstLine: number;
}

/** The longest line accepted: a file without newlines must not be loaded whole. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Complete lines of one read, decoded once. No string per line: lines are found by the positions
 * of their newlines. `text` ends with a newline (added after the file's last line when it has
 * none, which `end` accounts for).
 */
interface Segment {
  text: string;
  /** Character index of each newline in `text`. */
  nl: Int32Array;
  /** Byte offset (in the file) of the text's first byte, and just past its last line. */
  start: number;
  end: number;
  /** Byte index within the segment just past each newline, when not every character is one byte. */
  byteEnds: Int32Array | undefined;
}

/**
 * Reads a file line by line from a byte offset, a chunk at a time: it never holds more than
 * `maxBuffered` lines or `maxBufferedBytes`, and reads more only when the consumer has taken some
 * (backpressure). Offsets are exact byte positions (counted in the file's bytes, also when they
 * are not valid UTF-8), so a checkpoint can resume exactly after the last line taken. A read error
 * (or an over-long line) never rejects in the background: it is kept in `failure` for the consumer
 * to report. A chunk's lines are decoded to one string and stay in it: taking lines moves an index.
 */
export class LineReader {
  private handle: FileHandle | undefined;
  private segments: Segment[] = [];
  /** Lines of segments[0] already taken. */
  private headTaken = 0;
  /** Lines taken since the file start (the next line's number minus one). */
  private taken: number;
  private lines = 0;
  private bufferedBytes = 0;
  /** Where reading resumes when nothing is buffered. */
  private emptyAt: number;
  /**
   * The read buffer: its first `carryBytes` are the start of a line whose newline is not read yet,
   * and the next read goes after them, so a line cut by a read is never copied into a new buffer.
   */
  private buf: Buffer | undefined;
  private carryBytes = 0;
  private readPos: number;
  private eof = false;
  private filling: Promise<void> | undefined;
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
    this.emptyAt = start.offset;
    this.taken = start.line;
  }

  /** Opens the file (rejecting when it cannot) and reads ahead. */
  async open(): Promise<void> {
    this.handle = await open(this.file, 'r');
    await this.fill();
    if (this.failure) throw new Error(this.failure);
  }

  /** Where the consumer is: just after the last line it took. */
  get position(): ReaderPosition {
    const seg = this.segments[0];
    if (!seg) return { offset: this.emptyAt, line: this.taken };
    return { offset: this.lineEnd(seg, this.headTaken - 1), line: this.taken };
  }

  /** End of file reached and every line taken. */
  get ended(): boolean {
    return this.eof && this.lines === 0;
  }

  get buffered(): number {
    return this.lines;
  }

  peek(): Line | undefined {
    const seg = this.segments[0];
    if (!seg) return undefined;
    const k = this.headTaken;
    return { text: lineText(seg, k), number: this.taken + 1, next: this.lineEnd(seg, k) };
  }

  /** Takes up to `n` buffered lines without waiting; starts reading more in the background. */
  take(n: number): Line[] {
    const out: Line[] = [];
    while (out.length < n) {
      const line = this.peek();
      if (!line) break;
      out.push(line);
      this.skip(1);
    }
    return out;
  }

  /**
   * The next up to `max` buffered lines as one block (those of one read: fewer when the read ends
   * sooner); undefined when none is buffered. skip(block.lines) takes them.
   */
  block(max: number): LineBlock | undefined {
    const seg = this.segments[0];
    if (!seg || max <= 0) return undefined;
    const first = this.headTaken;
    const count = Math.min(max, seg.nl.length - first);
    const from = first === 0 ? 0 : (seg.nl[first - 1] as number) + 1;
    return {
      text: seg.text.slice(from, seg.nl[first + count - 1]),
      lines: count,
      firstLine: this.taken + 1,
    };
  }

  /** Takes the next `n` buffered lines (n <= buffered) without building them. */
  skip(n: number): void {
    while (n > 0) {
      const seg = this.segments[0];
      if (!seg) break;
      const k = Math.min(n, seg.nl.length - this.headTaken);
      const from = this.headTaken === 0 ? 0 : (seg.nl[this.headTaken - 1] as number) + 1;
      this.headTaken += k;
      this.taken += k;
      this.lines -= k;
      this.bufferedBytes -= (seg.nl[this.headTaken - 1] as number) + 1 - from;
      n -= k;
      if (this.headTaken === seg.nl.length) {
        this.emptyAt = seg.end;
        this.segments.shift();
        this.headTaken = 0;
      }
    }
    // Refill early: the engine polls in tight synchronous slices, and an empty buffer costs it an idle wait.
    if (
      !this.eof &&
      this.lines < (this.maxBuffered * 3) / 4 &&
      this.bufferedBytes < (this.maxBufferedBytes * 3) / 4
    )
      void this.fill();
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

  /** Byte offset in the file just past line k of `seg` (its newline; the file's end for a last line without). */
  private lineEnd(seg: Segment, k: number): number {
    if (k < 0) return seg.start;
    const within = seg.byteEnds ? (seg.byteEnds[k] as number) : (seg.nl[k] as number) + 1;
    return Math.min(seg.start + within, seg.end);
  }

  private async readMore(): Promise<void> {
    while (
      this.handle &&
      !this.eof &&
      !this.failure &&
      this.lines < this.maxBuffered &&
      this.bufferedBytes < this.maxBufferedBytes
    ) {
      let buf = this.buf ?? Buffer.allocUnsafe(this.chunkBytes);
      // A line longer than the buffer: twice the room, until the line ends or passes MAX_LINE_BYTES.
      if (buf.length - this.carryBytes < this.chunkBytes / 2) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, this.carryBytes);
        buf = grown;
      }
      this.buf = buf;
      const carried = this.carryBytes;
      const { bytesRead } = await this.handle.read(buf, carried, buf.length - carried, this.readPos);
      if (bytesRead === 0) {
        this.eof = true;
        if (carried > 0)
          this.pushSegment(buf.subarray(0, carried), this.readPos - carried, this.readPos, true);
        this.carryBytes = 0;
        return;
      }
      this.readPos += bytesRead;
      const filled = carried + bytesRead;
      // The carried bytes hold no newline: the last one, if any, is in what was just read.
      const lastNl = buf.lastIndexOf(10, filled - 1);
      if (lastNl >= 0) {
        const start = this.readPos - filled;
        // Decoded (copied) at once: the buffer's bytes are overwritten by the next read.
        this.pushSegment(buf.subarray(0, lastNl + 1), start, start + lastNl + 1, false);
        buf.copyWithin(0, lastNl + 1, filled);
        this.carryBytes = filled - lastNl - 1;
      } else this.carryBytes = filled;
      if (this.carryBytes > MAX_LINE_BYTES)
        throw new Error(
          `line ${this.taken + this.lines + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`,
        );
    }
  }

  /**
   * Decodes complete lines (`bytes` ends with a newline, or is the file's last line without one)
   * to one string and finds their newlines. ASCII decodes as latin1 (the same characters, no UTF-8
   * validation). A newline byte never occurs inside a UTF-8 sequence, and an invalid byte decodes
   * to U+FFFD without swallowing a newline, so line k ends at the k-th newline of both the text and
   * the bytes; byte offsets come from the bytes when they differ from character indexes.
   */
  private pushSegment(bytes: Buffer, start: number, end: number, lastWithoutNewline: boolean): void {
    const ascii = isAscii(bytes);
    let text = bytes.toString(ascii ? 'latin1' : 'utf8');
    if (lastWithoutNewline) text += '\n';
    const nl: number[] = [];
    for (let p = 0; p < text.length; ) {
      const at = text.indexOf('\n', p);
      nl.push(at);
      p = at + 1;
    }
    let byteEnds: Int32Array | undefined;
    if (!ascii) {
      byteEnds = new Int32Array(nl.length);
      let b = 0;
      for (let k = 0; k < nl.length; k++) {
        const at = bytes.indexOf(10, b);
        b = at < 0 ? bytes.length : at + 1;
        byteEnds[k] = b;
      }
    }
    this.segments.push({ text, nl: Int32Array.from(nl), start, end, byteEnds });
    this.lines += nl.length;
    // Characters stand in for bytes: the bound is about memory, not exactness.
    this.bufferedBytes += text.length;
  }
}

/** Line k of `seg` without its newline and a "\r" before it. */
function lineText(seg: Segment, k: number): string {
  const from = k === 0 ? 0 : (seg.nl[k - 1] as number) + 1;
  let to = seg.nl[k] as number;
  if (to > from && seg.text.charCodeAt(to - 1) === 13) to--;
  return seg.text.slice(from, to);
}
