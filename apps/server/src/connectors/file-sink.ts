import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { JsonLinesBuffer } from './json-lines.js';

export interface FileSinkState {
  /** Bytes of the file that are committed: anything after them is output of a crashed run. */
  length: number;
}

/**
 * JSONL output committed on checkpoint. Lines wait in memory until commit(), which appends them and
 * fsyncs, and whose returned length the checkpoint records. restore() truncates the file to that
 * length: the restored run re-emits what followed, so a restart neither loses nor repeats a line.
 * Past `maxPendingBytes`, lines are written early, still uncommitted (a restore cuts them too).
 * File calls are synchronous because the engine's sink hooks are: a commit costs one fsync per
 * checkpoint interval.
 */
export class FileSink {
  private fd: number | undefined;
  /** Lines received since the last write to the file. */
  private readonly pending = new JsonLinesBuffer();
  private size = 0;
  private committed = 0;
  lines = 0;

  constructor(
    readonly file: string,
    private readonly options: { truncate?: boolean; maxPendingBytes?: number } = {},
  ) {}

  /** Opens for append (or empties the file when `truncate`); the state before any output. */
  open(): FileSinkState {
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = openSync(this.file, this.options.truncate ? 'w' : 'a');
    this.size = fstatSync(this.fd).size;
    this.committed = this.size;
    return { length: this.committed };
  }

  /** Cuts what a crashed run wrote after its last checkpoint. */
  restore(state: unknown): void {
    const length = (state as FileSinkState | null)?.length;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return;
    const fd = this.ensureOpen();
    this.pending.clear();
    if (fstatSync(fd).size > length) {
      ftruncateSync(fd, length);
      fsyncSync(fd);
    }
    this.size = Math.min(length, fstatSync(fd).size);
    this.committed = this.size;
  }

  write(events: readonly unknown[]): void {
    this.pending.append(events);
    this.lines += events.length;
    if (this.pending.length > (this.options.maxPendingBytes ?? 4 * 1024 * 1024)) this.flush();
  }

  /** Writes and fsyncs everything received so far; returns what the checkpoint records. */
  commit(): FileSinkState {
    this.flush();
    if (this.fd !== undefined) fsyncSync(this.fd);
    this.committed = this.size;
    return { length: this.committed };
  }

  close(): void {
    if (this.fd === undefined) return;
    this.commit();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private ensureOpen(): number {
    if (this.fd === undefined) this.open();
    return this.fd!;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const fd = this.ensureOpen();
    const data = this.pending.bytes();
    // Cleared first, as the lines were when kept as strings; the view stays valid until the next append.
    this.pending.clear();
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    this.size += data.length;
  }
}
