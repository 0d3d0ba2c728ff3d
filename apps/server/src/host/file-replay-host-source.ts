import type { Source, SourcePoll } from '@eventide/engine';
import type { EventLimits } from '@eventide/shared';
import { FileReplaySource, type ReplaySpeed } from '../connectors/file-replay-source.js';
import type { ReaderPosition } from '../connectors/line-reader.js';

export interface FileReplayHostOptions {
  nodeId: string;
  file: string;
  format: 'jsonl' | 'csv';
  speed: ReplaySpeed;
  timeField: string;
  limits: EventLimits;
  onBadLine: (reason: string) => void;
}

/**
 * Adapts the asynchronous file reader to the engine's synchronous pull: the file opens in the
 * background on the first poll (after restore() set the position), and each poll hands out only
 * lines already read. A file that cannot be opened fails the run with the reason.
 */
export class FileReplayHostSource implements Source {
  readonly nodeId: string;
  private reader: FileReplaySource | undefined;
  private ready = false;
  private failure: string | undefined;
  private from: ReaderPosition | undefined;

  constructor(private readonly opts: FileReplayHostOptions) {
    this.nodeId = opts.nodeId;
  }

  restore(offset: unknown): void {
    const o = offset as Partial<ReaderPosition> | null;
    if (o && typeof o.offset === 'number' && typeof o.line === 'number')
      this.from = { offset: o.offset, line: o.line };
  }

  offset(): unknown {
    return this.reader ? this.reader.position() : (this.from ?? { offset: 0, line: 0 });
  }

  poll(maxEvents: number, now: number): SourcePoll {
    if (this.failure) throw new Error(this.failure);
    if (!this.reader) this.openInBackground();
    if (!this.ready || !this.reader) return { events: [], ended: false };
    return this.reader.poll(maxEvents, now);
  }

  /** Bytes consumed so far, for progress. */
  bytesRead(): number {
    return (this.offset() as ReaderPosition).offset;
  }

  get file(): string {
    return this.opts.file;
  }

  close(): void {
    this.reader?.close().catch(() => undefined);
  }

  private openInBackground(): void {
    const reader = new FileReplaySource({
      file: this.opts.file,
      format: this.opts.format,
      speed: this.opts.speed,
      timeField: this.opts.timeField,
      limits: this.opts.limits,
      ...(this.from ? { from: this.from } : {}),
      onBadLine: this.opts.onBadLine,
    });
    this.reader = reader;
    reader.open().then(
      () => {
        this.ready = true;
      },
      (e: Error) => {
        this.failure = `file-replay ${this.nodeId}: cannot read ${this.opts.file}: ${e.message}`;
      },
    );
  }
}
