import { NODE_KINDS } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { ENGINE_SOURCES, HOST_PROVIDED_KINDS, OPERATORS } from '../src/index.js';

describe('operator registry against the catalog', () => {
  const catalog = NODE_KINDS.map((k) => k.kind);
  const engine = new Set<string>([...Object.keys(OPERATORS), ...ENGINE_SOURCES]);
  const host = new Set<string>(HOST_PROVIDED_KINDS);

  it('implements every catalog kind, or declares it host-provided', () => {
    const missing = catalog.filter((kind) => !engine.has(kind) && !host.has(kind));
    expect(missing).toEqual([]);
  });

  it('has no kind the catalog lacks', () => {
    const unknown = [...engine, ...host].filter((kind) => !catalog.includes(kind));
    expect(unknown).toEqual([]);
  });

  it('never claims a kind twice', () => {
    expect([...engine].filter((kind) => host.has(kind))).toEqual([]);
  });

  it('leaves only sources and sinks to the host', () => {
    for (const kind of host) expect(kind).toMatch(/^(source|sink)\./);
  });
});
