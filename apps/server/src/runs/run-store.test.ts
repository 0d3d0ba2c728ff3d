import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunSnapshot } from '@eventide/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { failingWrites, tempDir } from '../../test/helpers.js';
import { KEPT_CHECKPOINTS, RunStore, type StoredCheckpoint } from './run-store.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

function fresh(): { dir: string; store: RunStore } {
  const d = tempDir();
  dirs.push(d);
  return { dir: d.dir, store: new RunStore(d.dir) };
}

/** Checkpoint number `n`: its ingest source has consumed 10 n events. */
function checkpoint(n: number): StoredCheckpoint {
  const snapshot: RunSnapshot = {
    format: 'eventide-snapshot',
    version: 1,
    checkpointId: n,
    takenAt: 1000 + n,
    pipeline: 'p',
    sources: { in: { offset: { consumed: 10 * n }, ended: false, pending: { events: [], times: [] } } },
    operators: { win: { n } },
    sinks: {},
    watermarks: {},
  };
  return { snapshot, counts: { in: { in: 0, out: 10 * n, errors: 0, late: 0, dropped: 0 } } };
}

const files = (dir: string) => readdirSync(path.join(dir, 'runs/p')).sort();

describe('RunStore checkpoints', () => {
  it(`keeps the last ${KEPT_CHECKPOINTS} and reports the oldest kept one's source offsets`, async () => {
    const { dir, store } = fresh();
    await store.discardCheckpoints('p');
    const oldest: unknown[] = [];
    for (let n = 1; n <= 5; n++)
      oldest.push((await store.writeCheckpoint('p', 'r1', checkpoint(n))).oldestKept.in);
    expect(oldest).toEqual([
      { consumed: 10 },
      { consumed: 10 },
      { consumed: 10 },
      { consumed: 20 },
      { consumed: 30 },
    ]);
    expect(files(dir)).toEqual([
      'checkpoint-000000000003.ckpt',
      'checkpoint-000000000004.ckpt',
      'checkpoint-000000000005.ckpt',
    ]);
    const loaded = await new RunStore(dir).loadCheckpoint('p', 'r1');
    expect(loaded.warnings).toEqual([]);
    expect(loaded.checkpoint).toEqual({ seq: 5, ...checkpoint(5) });
  });

  const damages: [string, (file: string) => void, RegExp][] = [
    ['truncated', (f) => truncateSync(f, readFileSync(f).length - 7), /bytes where the header says/],
    [
      'bit-flipped',
      (f) => {
        const b = readFileSync(f);
        b[b.length >> 1]! ^= 0x10;
        writeFileSync(f, b);
      },
      /checksum mismatch/,
    ],
    ['empty', (f) => writeFileSync(f, ''), /empty file/],
    [
      'a plain JSON file',
      (f) => writeFileSync(f, JSON.stringify({ run: 'r1', ...checkpoint(9) })),
      /no valid checksum header/,
    ],
  ];
  it.each(damages)(
    'a %s latest checkpoint falls back to the one before, with a warning',
    async (_, damage, reason) => {
      const { dir, store } = fresh();
      await store.discardCheckpoints('p');
      for (let n = 1; n <= 4; n++) await store.writeCheckpoint('p', 'r1', checkpoint(n));
      damage(path.join(dir, 'runs/p/checkpoint-000000000004.ckpt'));
      const again = new RunStore(dir);
      const loaded = await again.loadCheckpoint('p', 'r1');
      expect(loaded.checkpoint).toEqual({ seq: 3, ...checkpoint(3) });
      expect(loaded.warnings).toHaveLength(1);
      expect(loaded.warnings[0]).toMatch(reason);
      expect(loaded.warnings[0]).toMatch(/^checkpoint 4 is damaged .*: resumed from checkpoint 3$/);
      // Set aside, never read again; the next checkpoint gets a new number and the fallback's predecessor is kept.
      expect(files(dir)).toContain('checkpoint-000000000004.ckpt.damaged');
      expect((await again.writeCheckpoint('p', 'r1', checkpoint(5))).oldestKept.in).toEqual({ consumed: 20 });
      expect(files(dir)).toEqual([
        'checkpoint-000000000002.ckpt',
        'checkpoint-000000000003.ckpt',
        'checkpoint-000000000004.ckpt.damaged',
        'checkpoint-000000000005.ckpt',
      ]);
      expect((await new RunStore(dir).loadCheckpoint('p', 'r1')).checkpoint?.seq).toBe(5);
    },
  );

  it('a deleted latest checkpoint resumes from the one before; every damaged one leaves nothing to resume', async () => {
    const { dir, store } = fresh();
    await store.discardCheckpoints('p');
    for (let n = 1; n <= 3; n++) await store.writeCheckpoint('p', 'r1', checkpoint(n));
    rmSync(path.join(dir, 'runs/p/checkpoint-000000000003.ckpt'));
    expect((await new RunStore(dir).loadCheckpoint('p', 'r1')).checkpoint?.seq).toBe(2);
    for (const f of files(dir)) writeFileSync(path.join(dir, 'runs/p', f), 'garbage');
    const loaded = await new RunStore(dir).loadCheckpoint('p', 'r1');
    expect(loaded.checkpoint).toBeUndefined();
    expect(loaded.warnings).toEqual([
      'checkpoint 2 is damaged (no valid checksum header): no intact checkpoint left',
      'checkpoint 1 is damaged (no valid checksum header): no intact checkpoint left',
    ]);
  });

  it("another run's checkpoints are not resumed from, and a fresh run discards them", async () => {
    const { dir, store } = fresh();
    await store.discardCheckpoints('p');
    await store.writeCheckpoint('p', 'old', checkpoint(1));
    expect((await new RunStore(dir).loadCheckpoint('p', 'r2')).checkpoint).toBeUndefined();
    await store.writeCheckpoint('p', 'old', checkpoint(2));
    await store.discardCheckpoints('p');
    expect(files(dir)).toEqual([]);
    await store.writeCheckpoint('p', 'r2', checkpoint(1));
    expect(files(dir)).toEqual(['checkpoint-000000000003.ckpt']);
  });

  it.each(['ENOSPC', 'EIO'] as const)(
    'a write failing with %s throws and leaves the kept checkpoints intact',
    async (code) => {
      const { dir, store } = fresh();
      await store.discardCheckpoints('p');
      for (let n = 1; n <= 3; n++) await store.writeCheckpoint('p', 'r1', checkpoint(n));
      let failing = true;
      const flaky = new RunStore(dir, { fs: failingWrites(code, () => failing) });
      await flaky.loadCheckpoint('p', 'r1');
      await expect(flaky.writeCheckpoint('p', 'r1', checkpoint(4))).rejects.toThrow(code);
      expect(files(dir)).toEqual([
        'checkpoint-000000000001.ckpt',
        'checkpoint-000000000002.ckpt',
        'checkpoint-000000000003.ckpt',
      ]);
      expect(await new RunStore(dir).loadCheckpoint('p', 'r1')).toEqual({
        checkpoint: { seq: 3, ...checkpoint(3) },
        warnings: [],
      });
      // The disk recovers: the next write lands and the oldest kept one moves on.
      failing = false;
      expect(await flaky.writeCheckpoint('p', 'r1', checkpoint(5))).toEqual({
        seq: 5,
        oldestKept: { in: { consumed: 20 } },
      });
    },
  );
});
