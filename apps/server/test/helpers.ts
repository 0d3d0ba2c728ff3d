import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PipelineDocument, type PipelineDocumentInput, PipelineDocumentSchema } from '@eventide/shared';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { type BuildServerOptions, buildServer, type EventideServer } from '../src/app.js';
import { makeConfig } from '../src/config.js';
import { procStatFields } from '../src/parallel/thread-cpu.js';
import { type AtomicWriteFs, nodeFs } from '../src/storage/atomic-write.js';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

/** A fresh data directory, removed by the returned cleanup. */
export function tempDir(prefix = 'eventide-test-', parent = tmpdir()): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(parent, prefix));
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

type NodeInput = PipelineDocumentInput['nodes'][number];

/** Small micro-batches and no checkpoints: what most tests run with. */
const TEST_SETTINGS: PipelineDocumentInput['settings'] = {
  microBatch: { maxEvents: 64, maxDelayMs: 5 },
  checkpointIntervalMs: 0,
};

/** A pipeline whose nodes form one chain, in the order given (edges e1, e2, ... between main ports). */
export function chainPipeline(
  name: string,
  nodes: NodeInput[],
  settings: PipelineDocumentInput['settings'] = TEST_SETTINGS,
): PipelineDocumentInput {
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: nodes[i]!.id, target: n.id }));
  return { version: 2, name, settings, nodes, edges };
}

/** A document as the store keeps it: parsed, every default filled in. */
export function stored(doc: PipelineDocumentInput): PipelineDocument {
  return PipelineDocumentSchema.parse(doc);
}

/** A pipeline with one generator feeding a table: runs until stopped. */
export function generatorPipeline(name = 'Generated sensors'): PipelineDocumentInput {
  return chainPipeline(name, [
    {
      id: 'gen',
      kind: 'source.generator',
      params: { preset: 'sensors', ratePerSec: 2000, keyCardinality: 3, seed: 1 },
    },
    { id: 'table', kind: 'sink.table', params: { maxRows: 10 } },
  ]);
}

/** A pipeline fed over HTTP: http-ingest -> event-log. */
export function ingestPipeline(maxQueue = 1000): PipelineDocumentInput {
  return chainPipeline('Ingest', [
    { id: 'in', kind: 'source.http-ingest', params: { maxQueue } },
    { id: 'log', kind: 'sink.event-log', params: { maxEvents: 1000 } },
  ]);
}

/** The file names of the repository's examples, each also a template of the web editor. */
export const EXAMPLE_FILES = [
  'brute-force-logins.json',
  'page-counts.json',
  'sensor-averages.json',
  'trades-to-file.json',
  'user-sessions.json',
];

/** The Nexmark queries, examples/nexmark/*.json (templates too), as paths under examples/. */
export const NEXMARK_EXAMPLE_FILES = readdirSync(path.join(EXAMPLES, 'nexmark'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => `nexmark/${f}`);

/** Nexmark query `q` of examples/nexmark with its tests removed and its generator making `events` events as fast as polled. */
export function nexmarkQuery(
  q: string,
  events: number,
): { nodes: { kind: string; params: Record<string, unknown> }[] } {
  const doc = JSON.parse(readFileSync(path.join(EXAMPLES, 'nexmark', `${q}.json`), 'utf8'));
  delete doc.tests;
  for (const n of doc.nodes as { kind: string; params: Record<string, unknown> }[])
    if (n.kind === 'source.generator') n.params = { ...n.params, limit: events, pacing: 'max' };
  return doc;
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

/**
 * A file system whose writes, while `failing()` says so, put half the data on disk and then fail
 * with `code` (a full or failing disk).
 */
export function failingWrites(code: 'ENOSPC' | 'EIO', failing: () => boolean = () => true): AtomicWriteFs {
  return {
    ...nodeFs,
    open: async (file, flags, mode) => {
      const handle = await open(file, flags, mode);
      if (flags !== 'w' || !failing()) return handle;
      handle.writeFile = async (data) => {
        if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new Error('unexpected data');
        const bytes = Buffer.from(data);
        await handle.write(bytes.subarray(0, bytes.length >> 1));
        throw Object.assign(new Error(`${code}: simulated failure, write`), { code });
      };
      return handle;
    },
  };
}

/**
 * Starts `eventide serve` as a child process on an ephemeral loopback port, without a token or log;
 * resolves with its URL once it listens. `onSpawn` gets the child at once, so that a caller can kill
 * it (by its PID) whatever happens next.
 */
export function serveChild(
  dataDir: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      EVENTIDE_DATA: dataDir,
      EVENTIDE_LOG: '0',
      EVENTIDE_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr!.on('data', (c) => {
      out += c;
    });
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /eventide (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/**
 * A fresh server on a fresh data directory for each test of the calling file, and `call` to send
 * it requests as a client of this host would.
 */
export function useTestServer(): {
  call: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  dataDir: () => string;
} {
  let server: EventideServer | undefined;
  let data: { dir: string; cleanup: () => void } | undefined;
  beforeEach(async () => {
    data = tempDir();
    server = await testServer(data.dir);
  });
  afterEach(async () => {
    await server?.close();
    data?.cleanup();
  });
  return {
    call: (opts: InjectOptions) => {
      if (!server) throw new Error('useTestServer: call it inside a test');
      return server.app.inject({ ...opts, headers: { host: INJECT_HOST, ...(opts.headers ?? {}) } });
    },
    dataDir: () => {
      if (!data) throw new Error('useTestServer: call it inside a test');
      return data.dir;
    },
  };
}

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
export function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    return Number(procStatFields(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'))[16]);
  });
}
