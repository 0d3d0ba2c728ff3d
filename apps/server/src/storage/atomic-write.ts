import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** The file calls an atomic write makes; tests substitute one that fails (ENOSPC, EIO) mid-write. */
export interface AtomicWriteFs {
  mkdir: typeof mkdir;
  open: typeof open;
  rename: typeof rename;
  rm: typeof rm;
}

export const nodeFs: AtomicWriteFs = { mkdir, open, rename, rm };

/**
 * Writes a file so that a reader (or a restart after a crash) sees either the old or the new
 * content, never a mix: temp file in the same directory, fsync, rename, fsync of the directory.
 * A failed write removes its temp file and leaves `file` as it was.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  fs: AtomicWriteFs = nodeFs,
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir, fs);
}

/** Temp files of atomic writes a crash interrupted (see writeFileAtomic's naming). */
export function isAtomicTemp(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
