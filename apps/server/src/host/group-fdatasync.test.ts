import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupFdatasync } from './group-fdatasync.js';

/** An fdatasync that finishes when the test says, recording the calls. */
function manual() {
  const calls: { fd: number; done: (err: NodeJS.ErrnoException | null) => void }[] = [];
  const group = new GroupFdatasync((fd, done) => calls.push({ fd, done }));
  return { group, calls };
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('GroupFdatasync', () => {
  it('answers the syncs that came while one ran with the next one, and those before it with it', async () => {
    const { group, calls } = manual();
    const answered: number[] = [];
    const first = group.sync(3).then(() => answered.push(0));
    // Written after the first fdatasync started: only the next one covers them.
    const later = Array.from({ length: 20 }, (_, i) => group.sync(3).then(() => answered.push(i + 1)));
    expect(calls).toHaveLength(1);
    calls[0]?.done(null);
    await first;
    expect(answered).toEqual([0]);
    expect(calls).toHaveLength(2);
    calls[1]?.done(null);
    await Promise.all(later);
    expect(answered).toHaveLength(21);
    expect(calls).toHaveLength(2);
  });

  it('rejects the syncs a failed fdatasync covered, treats a closed descriptor as synced by its owner', async () => {
    const { group, calls } = manual();
    const failed = group.sync(4);
    calls[0]?.done(errno('EIO'));
    await expect(failed).rejects.toThrow('EIO');
    const closed = group.sync(4);
    calls[1]?.done(errno('EBADF'));
    await expect(closed).resolves.toBeUndefined();
  });

  it('syncs a real file', async () => {
    const file = path.join(tmpdir(), `group-fdatasync-${process.pid}.log`);
    const fd = openSync(file, 'a');
    try {
      writeSync(fd, 'x\n');
      await expect(
        Promise.all([new GroupFdatasync().sync(fd), new GroupFdatasync().sync(fd)]),
      ).resolves.toHaveLength(2);
    } finally {
      closeSync(fd);
      rmSync(file, { force: true });
    }
  });
});
