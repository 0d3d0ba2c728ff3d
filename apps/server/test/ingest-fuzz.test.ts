/**
 * Ingest fuzzing: 100,000 generated bodies, malformed ones (truncated JSON, wrong types, deep
 * nesting, huge strings, __proto__ and constructor.prototype keys, non-finite numbers, bad bytes,
 * wrong content types) interleaved with valid ones, against a real server running
 * http-ingest -> file sink. No 5xx, every malformed body a 4xx, every valid one a 202,
 * Object.prototype untouched, and the file holds exactly the valid events.
 *
 * app.inject costs about a millisecond per request, so all 100,000 bodies take the route's own
 * path without the HTTP layer: Fastify's JSON parser and body limit, then answerIngest (what the
 * route calls once it found the node) on the running source. The first 5,000 also go through
 * app.inject into a second pipeline, and both must answer alike, so the shortcut is the route.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventideServer } from '../src/app.js';
import { IngestSource, type IngestTarget } from '../src/host/ingest-source.js';
import { answerIngest } from '../src/routes/ingest-routes.js';
import { INJECT_HOST, stored, tempDir, testServer, until } from './helpers.js';

const BODIES = 100_000;
const BODY_LIMIT = 64 * 1024;
const MAX_EVENT_BYTES = 2048;
const MAX_DEPTH = 8;

type Case = {
  payload: string | Buffer;
  contentType: string | undefined;
  valid: Record<string, unknown>[] | null;
};

const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__');
const scalar = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', maxDepth: 3 }, scalar, fc.array(tie('v'), { maxLength: 3 }), tie('obj')),
  obj: fc.dictionary(key, tie('v'), { maxKeys: 3 }),
})).v;
const event = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
const events = fc.array(event, { minLength: 1, maxLength: 4 });
const json = 'application/json';
const ndjson = 'application/x-ndjson';

const valid: fc.Arbitrary<Case> = fc.oneof(
  event.map((e) => ({ payload: JSON.stringify(e), contentType: json, valid: [e] })),
  events.map((es) => ({ payload: JSON.stringify(es), contentType: `${json}; charset=utf-8`, valid: es })),
  events.map((es) => ({
    payload: es.map((e) => JSON.stringify(e)).join('\n'),
    contentType: ndjson,
    valid: es,
  })),
);

const bad = (payload: string | Buffer, contentType: string | undefined = json): Case => ({
  payload,
  contentType,
  valid: null,
});

/** Nests `inner` `depth` levels deep in objects or lists. */
const nest = (depth: number, inner: string, lists: boolean) =>
  lists
    ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

const malformed: fc.Arbitrary<Case> = fc.oneof(
  // truncations of a valid JSON body (a strict prefix of JSON.stringify output never parses)
  fc.tuple(events, fc.double({ min: 0, max: 1, noNaN: true })).map(([es, at]) => {
    const text = JSON.stringify(es);
    return bad(text.slice(0, Math.floor(at * (text.length - 1))));
  }),
  // wrong types: valid JSON that is not an object or a list of objects
  fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 3 })).map((v) => bad(JSON.stringify(v))),
  fc.tuple(events, scalar).map(([es, s]) => bad(JSON.stringify([...es, s]))),
  fc
    .tuple(events, scalar)
    .map(([es, s]) => bad([...es.map((e) => JSON.stringify(e)), JSON.stringify(s)].join('\n'), ndjson)),
  // nesting past the document's maxDepth, up to far past any parser's recursion
  fc
    .tuple(fc.integer({ min: MAX_DEPTH, max: 5000 }), fc.boolean())
    .map(([d, lists]) => bad(`{"deep":${nest(d, '1', lists)}}`)),
  // huge strings: over the event limit (400), sometimes over the body limit (413)
  fc
    .oneof(
      { weight: 9, arbitrary: fc.integer({ min: MAX_EVENT_BYTES, max: 4 * MAX_EVENT_BYTES }) },
      { weight: 1, arbitrary: fc.integer({ min: BODY_LIMIT, max: BODY_LIMIT + 1024 }) },
    )
    .map((n) => bad(JSON.stringify({ s: 'x'.repeat(n) }))),
  // keys that JavaScript treats specially
  fc.constantFrom(
    bad('{"__proto__":{"polluted":true}}'),
    bad('[{"a":1},{"b":{"__proto__":{"polluted":true}}}]'),
    bad('{"constructor":{"prototype":{"polluted":true}}}'),
    bad('{"a":1}\n{"__proto__":{"polluted":true}}', ndjson),
  ),
  // numbers JSON.parse turns into +-Infinity
  fc
    .tuple(event, key, fc.constantFrom('1e400', '-1e999', '2e308'))
    .map(([e, k, n]) => bad(`${JSON.stringify(e).slice(0, -1)},${JSON.stringify(k)}:[${n}]}`)),
  // bytes that are not UTF-8 JSON
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((b) => bad(Buffer.concat([Buffer.from('{"a":"'), Buffer.from(b), Buffer.from([0xff, 0xfe])]))),
  // wrong content types for a valid body
  fc
    .tuple(
      event,
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
      ),
    )
    .map(([e, ct]) => bad(JSON.stringify(e), ct)),
  event.map((e) => bad(JSON.stringify([e]), ndjson)), // an NDJSON line that is a list
  fc.constant(bad('', json)),
);

let server: EventideServer;
let data: { dir: string; cleanup: () => void };

const pipeline = (name: string) =>
  stored({
    version: 2,
    name,
    settings: {
      microBatch: { maxEvents: 4096, maxDelayMs: 5 },
      checkpointIntervalMs: 0,
      limits: { maxEventBytes: MAX_EVENT_BYTES, maxDepth: MAX_DEPTH },
    },
    nodes: [
      { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 1_000_000 } },
      { id: 'out', kind: 'sink.file', params: { path: `out/${name}.jsonl` } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'out' }],
  });

beforeAll(async () => {
  // RAM-backed where there is one: every accepted body is fdatasync'ed to the ingest log, which on
  // a disk costs milliseconds per request and is not what this test is about
  data = tempDir('eventide-fuzz-', existsSync('/dev/shm') ? '/dev/shm' : undefined);
  server = await testServer(data.dir, { ingestBodyLimit: BODY_LIMIT });
  for (const name of ['direct', 'http']) await server.store.put(name, pipeline(name));
});
afterAll(async () => {
  await server.close();
  data.cleanup();
});

const inject = (method: 'GET' | 'POST', url: string) =>
  server.app.inject({ method, url, headers: { host: INJECT_HOST } });

/**
 * The route without the HTTP layer: Fastify's body limit and content-type dispatch (its JSON parser;
 * NDJSON and text/plain as text; 415 for the rest), then answerIngest.
 */
async function direct(queue: IngestTarget, c: Case): Promise<{ status: number; accepted?: number }> {
  const raw = typeof c.payload === 'string' ? c.payload : c.payload.toString('utf8');
  if (Buffer.byteLength(c.payload) > BODY_LIMIT) return { status: 413 };
  const type = c.contentType ?? '';
  let body: unknown = raw;
  if (type.startsWith('application/json')) {
    if (raw === '') return { status: 400 };
    let failed = false;
    jsonParser(undefined as never, raw, (err, value) => {
      failed = err !== null;
      body = value;
    });
    if (failed) return { status: 400 };
  } else if (!type.startsWith('application/x-ndjson') && !type.startsWith('text/plain'))
    return { status: 415 };
  const answer = await answerIngest(queue, body, c.contentType);
  return { status: answer.status, ...('accepted' in answer.body ? { accepted: answer.body.accepted } : {}) };
}
let jsonParser: ReturnType<EventideServer['app']['getDefaultJsonParser']>;

async function sinkLines(runId: string, name: string, count: number): Promise<string[]> {
  await until(
    async () => (await inject('GET', `/api/runs/${runId}`)).json().metrics.nodes.out.in === count,
    `${count} events at ${name}`,
    30_000,
  );
  expect((await inject('POST', `/api/pipelines/${name}/stop`)).statusCode).toBe(200);
  return readFileSync(path.join(data.dir, `out/${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean);
}

describe('ingest fuzzing', () => {
  it('100,000 bodies: no 5xx, malformed ones refused with a 4xx, the sink holds exactly the valid events', async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    jsonParser = server.app.getDefaultJsonParser('error', 'error');
    const runs: Record<string, string> = {};
    for (const name of ['direct', 'http']) {
      const started = await inject('POST', `/api/pipelines/${name}/start`);
      expect(started.statusCode).toBe(201);
      runs[name] = started.json().run.id;
    }
    const queue = server.runs.ingestQueue('direct', 'in', 'source.http-ingest');
    if (!queue) throw new Error('no ingest queue');

    const cases = fc.sample(fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: malformed }), {
      numRuns: BODIES,
      seed: 20261201,
    });
    const HTTP_SAMPLE = Math.min(5000, BODIES);
    // the same answers without side effects on the runs: a source of no run, with the same limits
    const sampleQueue = new IngestSource('sample', 'source.http-ingest', 1_000_000, undefined, queue.limits);
    const expected: string[] = [];
    const statuses = new Map<number, number>();
    const wrong: string[] = [];
    const check = (c: Case, status: number, accepted: number | undefined, what: string) => {
      const ok = c.valid ? status === 202 && accepted === c.valid.length : status >= 400 && status < 500;
      if (!ok && wrong.length < 5)
        wrong.push(`${what}: ${status} for ${String(c.payload).slice(0, 120)} (${c.contentType})`);
    };
    // The run's queue is in its worker: offers go in chunks (messages keep their order, so the sink does too).
    for (let i = 0; i < cases.length; i += 1000) {
      const chunk = cases.slice(i, i + 1000);
      const answers = await Promise.all(chunk.map((c) => direct(queue, c)));
      answers.forEach((r, j) => {
        const c = chunk[j]!;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        check(c, r.status, r.accepted, 'direct');
        if (c.valid) for (const e of c.valid) expected.push(JSON.stringify(e));
      });
    }
    const sample = cases.slice(0, HTTP_SAMPLE);
    const expectedHttp: string[] = [];
    for (let i = 0; i < sample.length; i += 250) {
      const batch = sample.slice(i, i + 250);
      const replies = await Promise.all(
        batch.map((c) =>
          server.app.inject({
            method: 'POST',
            url: '/api/ingest/http/in',
            headers: { host: INJECT_HOST, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
            payload: c.payload,
          }),
        ),
      );
      const viaDirect = await Promise.all(batch.map(async (c) => (await direct(sampleQueue, c)).status));
      replies.forEach((r, j) => {
        const c = batch[j]!;
        check(c, r.statusCode, r.statusCode === 202 ? r.json().accepted : undefined, 'http');
        if (viaDirect[j] !== r.statusCode && wrong.length < 5)
          wrong.push(
            `http ${r.statusCode} but direct ${viaDirect[j]} for ${String(c.payload).slice(0, 80)} (${c.contentType})`,
          );
        if (c.valid) for (const e of c.valid) expectedHttp.push(JSON.stringify(e));
      });
    }
    expect(wrong).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(statuses.get(202)).toBeGreaterThan(BODIES / 5);
    expect(statuses.get(400)).toBeGreaterThan(BODIES / 4);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(415)).toBeGreaterThan(0);

    const lines = await sinkLines(runs.direct!, 'direct', expected.length);
    expect(lines.length).toBe(expected.length);
    expect(lines.sort()).toEqual(expected.sort());
    const httpLines = await sinkLines(runs.http!, 'http', expectedHttp.length);
    expect(httpLines.sort()).toEqual(expectedHttp.sort());

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
