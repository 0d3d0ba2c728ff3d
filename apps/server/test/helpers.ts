import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PipelineDocumentInput } from '@eventide/shared';
import { type BuildServerOptions, buildServer, type EventideServer } from '../src/app.js';
import { makeConfig } from '../src/config.js';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');

/** A fresh data directory, removed by the returned cleanup. */
export function tempDir(prefix = 'eventide-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The port inject() requests claim to come to (a server that is not listening has no real one). */
export const INJECT_PORT = 4800;
export const INJECT_HOST = `127.0.0.1:${INJECT_PORT}`;

export async function testServer(
  dataDir: string,
  overrides: Partial<BuildServerOptions> = {},
): Promise<EventideServer> {
  return buildServer({
    ...makeConfig({ dataDir, port: INJECT_PORT, webDist: path.join(dataDir, 'no-web') }),
    ...overrides,
  });
}

/** A pipeline with one generator feeding a table: runs until stopped. */
export function generatorPipeline(
  name = 'Generated sensors',
  extra: Partial<PipelineDocumentInput> = {},
): PipelineDocumentInput {
  return {
    version: 1,
    name,
    settings: { microBatch: { maxEvents: 64, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
    nodes: [
      {
        id: 'gen',
        kind: 'source.generator',
        params: { preset: 'sensors', ratePerSec: 2000, keyCardinality: 3, seed: 1 },
      },
      { id: 'table', kind: 'sink.table', params: { maxRows: 10 } },
    ],
    edges: [{ id: 'e1', source: 'gen', target: 'table' }],
    ...extra,
  };
}

/** A pipeline fed over HTTP: http-ingest -> event-log. */
export function ingestPipeline(maxQueue = 1000): PipelineDocumentInput {
  return {
    version: 1,
    name: 'Ingest',
    settings: { microBatch: { maxEvents: 64, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', kind: 'source.http-ingest', params: { maxQueue } },
      { id: 'log', kind: 'sink.event-log', params: { maxEvents: 1000 } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'log' }],
  };
}

/** Polls `fn` until it returns something truthy, and returns that. */
export async function until<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 5000,
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
