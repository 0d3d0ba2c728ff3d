import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AtomicWriteFs, isAtomicTemp, writeFileAtomic } from '../storage/atomic-write.js';
import { seal, type Unsealed, unseal } from '../storage/checksummed.js';

export interface CheckpointFile {
  seq: number;
  file: string;
}

const NAME = /^checkpoint-(\d{12})\.ckpt$/;
const DAMAGED = '.damaged';

/**
 * The numbered checkpoint files of one pipeline (`checkpoint-000000000042.ckpt`), each checksummed
 * and written atomically. A higher number is a later checkpoint; a damaged file is renamed aside
 * with `.damaged` so that it is never read again but stays for inspection.
 */
export class CheckpointFiles {
  constructor(
    readonly dir: string,
    private readonly fs: AtomicWriteFs,
  ) {}

  fileOf(seq: number): string {
    return path.join(this.dir, `checkpoint-${String(seq).padStart(12, '0')}.ckpt`);
  }

  /** The checkpoint files, oldest first. */
  async list(): Promise<CheckpointFile[]> {
    const out: CheckpointFile[] = [];
    for (const name of await this.names()) {
      const m = NAME.exec(name);
      if (m) out.push({ seq: Number(m[1]), file: path.join(this.dir, name) });
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  write(seq: number, payload: string): Promise<void> {
    return writeFileAtomic(this.fileOf(seq), seal(payload), this.fs);
  }

  async read(f: CheckpointFile): Promise<Unsealed> {
    try {
      return unseal(await readFile(f.file));
    } catch (e) {
      return { ok: false, reason: `unreadable: ${(e as Error).message}` };
    }
  }

  async remove(seq: number): Promise<void> {
    await this.fs.rm(this.fileOf(seq), { force: true });
  }

  /** Keeps a damaged file aside (replacing an earlier one of the same number). */
  async setAside(f: CheckpointFile): Promise<void> {
    await this.fs.rename(f.file, `${f.file}${DAMAGED}`).catch(() => this.remove(f.seq));
  }

  /** Temp checkpoint files of writes a crash interrupted; with `all`, every checkpoint file too. */
  async clean(all: boolean): Promise<void> {
    for (const name of await this.names())
      if (
        (isAtomicTemp(name) && name.startsWith('.checkpoint-')) ||
        (all && (NAME.test(name) || name.endsWith(`.ckpt${DAMAGED}`)))
      )
        await this.fs.rm(path.join(this.dir, name), { force: true });
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch {
      return [];
    }
  }
}
