import { type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';

export interface FileSinkState {
  /** Bytes of the file that are committed: everything after is uncommitted output of a crashed run. */
  length: number;
}

/**
 * JSONL output committed on checkpoint: lines wait in memory until commit(), which appends them and
 * fsyncs; the checkpoint then records the committed length. Restoring truncates the file to that
 * length, and the replayed input rewrites what followed, so a restart neither loses nor repeats a line.
 * Past `maxPendingBytes` lines are written early (still uncommitted: a restore truncates them).
 */
export class FileSink {
  private handle: FileHandle | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private size = 0;
  private committed = 0;
  private writing: Promise<void> = Promise.resolve();
  lines = 0;

  constructor(
    readonly file: string,
    private readonly restoreFrom?: FileSinkState,
    private readonly maxPendingBytes = 4 * 1024 * 1024,
  ) {}

  /** Opens for append; on restore, cuts what the crashed run wrote after its last checkpoint. */
  async open(): Promise<FileSinkState> {
    await mkdir(path.dirname(this.file), { recursive: true });
    this.handle = await open(this.file, 'a');
    const { size } = await this.handle.stat();
    if (this.restoreFrom && size > this.restoreFrom.length) {
      await this.handle.truncate(this.restoreFrom.length);
      await this.handle.sync();
    }
    this.size = this.restoreFrom ? Math.min(size, this.restoreFrom.length) : size;
    this.committed = this.size;
    return { length: this.committed };
  }

  write(events: readonly unknown[]): void {
    for (const e of events) {
      // A micro-batch arrives as an array: one line per event, as JSONL readers expect.
      if (Array.isArray(e)) this.write(e);
      else this.append(`${JSON.stringify(e)}\n`);
    }
    if (this.pendingBytes > this.maxPendingBytes) this.writing = this.writing.then(() => this.flush());
  }

  /** Writes and fsyncs everything received so far; returns the state a checkpoint must record. */
  async commit(): Promise<FileSinkState> {
    this.writing = this.writing.then(async () => {
      await this.flush();
      await this.handle?.sync();
    });
    await this.writing;
    this.committed = this.size;
    return { length: this.committed };
  }

  state(): FileSinkState {
    return { length: this.committed };
  }

  async close(): Promise<void> {
    if (!this.handle) return;
    await this.commit();
    await this.handle.close();
    this.handle = undefined;
  }

  private append(line: string): void {
    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line);
    this.lines++;
  }

  private async flush(): Promise<void> {
    if (!this.handle || this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(data);
    this.size += Buffer.byteLength(data);
  }
}
