import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failingWrites, tempDir } from '../../test/helpers.js';
import { writeFileAtomic } from './atomic-write.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('writeFileAtomic', () => {
  it('replaces the file whole', async () => {
    const d = tempDir();
    dirs.push(d);
    const file = path.join(d.dir, 'sub/a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, Buffer.from('two'));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['a.json']);
  });

  it.each(['ENOSPC', 'EIO'] as const)(
    'a write failing with %s throws, keeps the old content and leaves no temp file',
    async (code) => {
      const d = tempDir();
      dirs.push(d);
      const file = path.join(d.dir, 'a.json');
      await writeFileAtomic(file, 'old content');
      await expect(writeFileAtomic(file, 'new content, longer', failingWrites(code))).rejects.toThrow(code);
      expect(await readFile(file, 'utf8')).toBe('old content');
      expect(await readdir(d.dir)).toEqual(['a.json']);
    },
  );
});
