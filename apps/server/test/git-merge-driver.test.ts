import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

/**
 * `eventide merge %O %A %B` as git's merge driver (README, "Pipelines in git"): two branches that
 * edit different params of one node merge without a conflict; the same param edited differently
 * stops the merge with the conflict named.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const cli = path.resolve(import.meta.dirname, '../src/cli.ts');
const tsx = import.meta.resolve('tsx');

function repo() {
  const t = tempDir('eventide-git-');
  cleanups.push(t.cleanup);
  const git = (...args: string[]) => {
    // As from a shell: the driver's pnpm sets INIT_CWD to the repository git runs it in, unless one is
    // inherited, and under `pnpm test` this process has its own (apps/server), which must not leak in.
    const { INIT_CWD: _inherited, ...env } = process.env;
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: t.dir,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  git('init', '-q', '-b', 'main');
  git(
    'config',
    'merge.eventide.driver',
    `"${process.execPath}" --conditions=source --import ${tsx} "${cli}" merge %O %A %B`,
  );
  writeFileSync(path.join(t.dir, '.gitattributes'), '*.eventide.json merge=eventide\n');
  return { dir: t.dir, git };
}

const doc = (win: Record<string, unknown>) => ({
  version: 2,
  name: 'p',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: { seed: 1 } },
    { id: 'win', kind: 'window.tumbling', params: { sizeMs: 5000, timeMode: 'processing', ...win } },
  ],
  edges: [{ id: 'e1', source: 'gen', target: 'win' }],
});

describe('eventide merge as a git merge driver', () => {
  it('merges two branches that changed different params; stops on the same param', () => {
    const { dir, git } = repo();
    const file = path.join(dir, 'p.eventide.json');
    const commit = (content: unknown, msg: string) => {
      writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
      git('add', '-A');
      git('commit', '-qm', msg);
    };
    commit(doc({}), 'base');
    git('checkout', '-qb', 'size');
    commit(doc({ sizeMs: 10_000 }), 'size');
    git('checkout', '-q', 'main');
    commit(doc({ allowedLatenessMs: 300 }), 'lateness');

    const clean = git('merge', '-q', '--no-edit', 'size');
    expect(clean.code, clean.out).toBe(0);
    const merged = JSON.parse(readFileSync(file, 'utf8'));
    expect(merged.nodes.find((n: { id: string }) => n.id === 'win').params).toEqual({
      sizeMs: 10_000,
      allowedLatenessMs: 300,
      timeMode: 'processing',
    });

    git('checkout', '-qb', 'other', 'HEAD~1');
    commit(doc({ allowedLatenessMs: 300, sizeMs: 60_000 }), 'other size');
    git('checkout', '-q', 'main');
    const conflicted = git('merge', '--no-edit', 'other');
    expect(conflicted.code).not.toBe(0);
    expect(conflicted.out).toContain(
      'conflict: node win: params.sizeMs: base 5000, ours 10000, theirs 60000',
    );
  });
});
