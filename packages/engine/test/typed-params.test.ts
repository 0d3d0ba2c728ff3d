import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The typed contract: every factory receives its kind's params parsed by the catalog (KindNode<K>),
 * so no engine source casts params or repeats a default. This scan keeps it that way.
 */
const SRC = new URL('../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sources(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

describe('engine sources read typed params', () => {
  const files = sources(SRC).map((f) => [f.slice(SRC.length), readFileSync(f, 'utf8')] as const);

  it('scans the operators and sources', () => {
    expect(files.some(([f]) => f === 'operators/window/tumbling.ts')).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  it('has no `as` cast of params', () => {
    const casts = files.flatMap(([f, text]) =>
      text
        .split('\n')
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        .filter(({ line }) => /params\b[^;]*\bas\s+[A-Z{]|as\s+(unknown\s+as\s+)?\w*Params\b/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(casts).toEqual([]);
  });

  it('has no default of a param repeated after `node.params.x ??`', () => {
    const repeated = files.flatMap(([f, text]) =>
      [...text.matchAll(/(?:node\.)?params\.\w+\s*\?\?/g)].map((m) => `${f}: ${m[0]}`),
    );
    expect(repeated).toEqual([]);
  });
});
