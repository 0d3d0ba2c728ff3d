import { fdatasync } from 'node:fs';

interface FileSyncs {
  /** Tickets handed out so far. */
  asked: number;
  running: boolean;
  waiters: { ticket: number; resolve: () => void; reject: (e: Error) => void }[];
}

/**
 * Group commit for files appended to synchronously, possibly by another thread of the process (a
 * run's worker writes its ingest log; the server answers the request once it is on disk): a sync
 * waits for the next fdatasync of the file, which covers every write made before it started, so
 * the requests that come while one runs share the next one. fdatasync runs on libuv's pool, never
 * blocking the caller's thread. A descriptor closed meanwhile was synced by its owner first (see
 * IngestLog.close), so a failure on it is only reported when it is still open.
 */
export class GroupFdatasync {
  private readonly files = new Map<number, FileSyncs>();

  constructor(
    private readonly fdatasyncFile: (
      fd: number,
      done: (err: NodeJS.ErrnoException | null) => void,
    ) => void = fdatasync,
  ) {}

  /** Resolves once everything written to `fd` before this call is on disk. */
  sync(fd: number): Promise<void> {
    let f = this.files.get(fd);
    if (f === undefined) {
      f = { asked: 0, running: false, waiters: [] };
      this.files.set(fd, f);
    }
    const file = f;
    const ticket = ++file.asked;
    return new Promise((resolve, reject) => {
      file.waiters.push({ ticket, resolve, reject });
      this.start(fd, file);
    });
  }

  private start(fd: number, file: FileSyncs): void {
    if (file.running) return;
    file.running = true;
    const covers = file.asked;
    this.fdatasyncFile(fd, (err) => {
      file.running = false;
      const failure = err && err.code !== 'EBADF' ? err : undefined;
      const waiting = file.waiters;
      file.waiters = [];
      for (const w of waiting) {
        if (w.ticket > covers) file.waiters.push(w);
        else if (failure) w.reject(failure);
        else w.resolve();
      }
      if (file.waiters.length > 0) this.start(fd, file);
      else this.files.delete(fd);
    });
  }
}

/** The process's group commits: the ingest logs of every run's worker share it. */
export const groupFdatasync = new GroupFdatasync();
