/**
 * Events as JSONL bytes, appended straight into one growing Buffer (outside the JavaScript heap, so
 * output waiting for a write is never copied by the garbage collector, and no string per line or
 * per batch is kept). One JSON.stringify of a whole batch is about twice as fast as one per event;
 * its elements are then cut apart at `},{`, which becomes `}\n{` in place (same length). When every
 * event is a plain object, each boundary is such a `},{`, so if there are exactly events - 1 of
 * them (none inside a string), they are the boundaries. Otherwise (a list event, a string holding
 * `},{`), one call per event.
 */
export class JsonLinesBuffer {
  private buf: Buffer;
  /** Bytes written. */
  length = 0;

  constructor(private readonly initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  append(events: readonly unknown[]): this {
    if (events.length === 0) return this;
    if (events.every(isObject)) {
      const whole = JSON.stringify(events);
      const start = this.length - 1; // byte of whole[i] is start + i: the leading `[` is not written
      const written = this.write(whole.slice(1, -1));
      const buf = this.buf;
      let boundaries = 0;
      if (written === whole.length - 2)
        // ASCII (a byte per character): found in the string, the faster search.
        for (let i = whole.indexOf('},{'); i !== -1; i = whole.indexOf('},{', i + 3)) {
          buf[start + i + 1] = 10;
          boundaries++;
        }
      else {
        const region = buf.subarray(start + 1, start + 1 + written);
        for (let i = region.indexOf('},{'); i !== -1; i = region.indexOf('},{', i + 3)) {
          region[i + 1] = 10;
          boundaries++;
        }
      }
      if (boundaries === events.length - 1) {
        this.write('\n');
        return this;
      }
      this.length = start + 1;
    }
    for (const e of events) this.write(`${JSON.stringify(e)}\n`);
    return this;
  }

  /** The bytes written (a view: valid until the next append or clear). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.length);
  }

  /** Empties it; a buffer grown past 16 MiB by an outsized batch is given back. */
  clear(): void {
    this.length = 0;
    if (this.buf.length > 16 * 1024 * 1024) this.buf = Buffer.allocUnsafe(this.initialBytes);
  }

  private write(text: string): number {
    const bytes = Buffer.byteLength(text);
    if (this.length + bytes > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(text, this.length);
    return bytes;
  }
}

/** A plain object: written by JSON.stringify as `{...}` (a list, a Date or any toJSON is not). */
function isObject(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const proto: unknown = Object.getPrototypeOf(e);
  return (proto === Object.prototype || proto === null) && !('toJSON' in e);
}
