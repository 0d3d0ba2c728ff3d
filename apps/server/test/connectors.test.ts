import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkEvent, DEFAULT_EVENT_LIMITS } from '@eventide/shared';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { csvRecord, splitCsvLine } from '../src/connectors/csv.js';
import { type FileReplayOptions, FileReplaySource } from '../src/connectors/file-replay-source.js';
import { FileSink } from '../src/connectors/file-sink.js';
import { IngestQueue } from '../src/connectors/ingest-queue.js';
import { JsonLinesBuffer } from '../src/connectors/json-lines.js';
import { LineReader, MAX_LINE_BYTES } from '../src/connectors/line-reader.js';
import { parseIngestBody } from '../src/connectors/parse-ingest-body.js';
import { IngestLog } from '../src/host/ingest-log.js';
import { IngestSource, offerDurably } from '../src/host/ingest-source.js';
import { RecentResults } from '../src/live/recent-results.js';
import { tempDir } from './helpers.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});
function file(name: string, content: string): string {
  const d = tempDir();
  dirs.push(d);
  const f = path.join(d.dir, name);
  writeFileSync(f, content);
  return f;
}

/** Options of a JSONL replay of `f` at full speed under the default limits. */
function replayAtFullSpeed(f: string): Omit<FileReplayOptions, 'onBadLine'> {
  return { file: f, format: 'jsonl', speed: 'max', timeField: 'ts', limits: DEFAULT_EVENT_LIMITS };
}

/** Polls until the source ended, like the engine would, collecting events. */
async function drain(src: FileReplaySource, max = 2, now = () => 0): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 10_000; i++) {
    const { events, ended } = src.poll(max, now());
    out.push(...events);
    if (ended) return out;
    if (events.length === 0) await src.ready();
  }
  throw new Error('did not end');
}

describe('LineReader', () => {
  it('reads lines across chunk boundaries with exact byte offsets, resuming from any offset', async () => {
    const text = 'é1\r\nsecond line\n\nlast-without-newline';
    const f = file('a.txt', text);
    const r = new LineReader(f, undefined, 100, 3);
    await r.open();
    await r.fill();
    const lines = r.take(10);
    expect(lines.map((l) => l.text)).toEqual(['é1', 'second line', '', 'last-without-newline']);
    expect(lines.map((l) => l.next)).toEqual([5, 17, 18, Buffer.byteLength(text)]);
    await r.close();

    const resumed = new LineReader(f, { offset: 5, line: 1 }, 100, 4);
    await resumed.open();
    await resumed.fill();
    expect(resumed.take(1)[0]).toEqual({ text: 'second line', number: 2, next: 17 });
    await resumed.close();
  });

  it('holds at most maxBuffered lines until the consumer takes some (backpressure)', async () => {
    const f = file('many.txt', Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    const r = new LineReader(f, undefined, 10, 16);
    await r.open();
    await r.fill();
    expect(r.buffered).toBeGreaterThanOrEqual(10);
    expect(r.buffered).toBeLessThan(20);
    await r.close();
  });
});

describe('LineReader blocks', () => {
  it('hands out lines as blocks of one read, with exact byte offsets also for invalid UTF-8', async () => {
    // \xff is not UTF-8 (decodes to U+FFFD, 3 bytes): offsets must count the file's bytes, not the text's.
    const bytes = Buffer.concat([
      Buffer.from('{"a":1}\r\n'),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
      Buffer.from('{"é":2}\n\n{"c":3}'),
    ]);
    const d = tempDir();
    dirs.push(d);
    const f = path.join(d.dir, 'b.jsonl');
    writeFileSync(f, bytes);
    for (const chunk of [3, 7, 64 * 1024]) {
      const r = new LineReader(f, undefined, 100, chunk);
      await r.open();
      const seen: string[] = [];
      const offsets: number[] = [];
      while (!r.ended) {
        const b = r.block(2);
        if (!b) {
          await r.fill();
          continue;
        }
        seen.push(...b.text.split('\n'));
        expect(b.firstLine).toBe(r.position.line + 1);
        r.skip(b.lines);
        offsets.push(r.position.offset);
      }
      expect(seen).toEqual(['{"a":1}\r', '{\uFFFD}', '{"é":2}', '', '{"c":3}']);
      expect(offsets.at(-1)).toBe(bytes.length);
      await r.close();
      // Every position handed out resumes at the next line.
      const resumed = new LineReader(f, { offset: 13, line: 2 }, 100, chunk);
      await resumed.open();
      expect(resumed.peek()).toEqual({ text: '{"é":2}', number: 3, next: 22 });
      await resumed.close();
    }
  });
  it('reads a line longer than its read buffer whole, with the lines around it', async () => {
    const long = `{"s":"${'é'.repeat(200_000)}"}`;
    const text = `{"a":1}\n${long}\n{"b":2}`;
    const f = file('long-ok.jsonl', text);
    const r = new LineReader(f, undefined, 100, 1024);
    await r.open();
    const got: { text: string; next: number }[] = [];
    while (!r.ended) {
      const line = r.peek();
      if (!line) {
        await r.fill();
        continue;
      }
      got.push({ text: line.text, next: line.next });
      r.skip(1);
    }
    expect(got).toEqual([
      { text: '{"a":1}', next: 8 },
      { text: long, next: 8 + Buffer.byteLength(long) + 1 },
      { text: '{"b":2}', next: Buffer.byteLength(text) },
    ]);
    await r.close();
  });
});

describe('LineReader failures', () => {
  it('reports an over-long line as a failure instead of loading the file, and never rejects in the background', async () => {
    const f = file('long.jsonl', `{"a":1}\n${'x'.repeat(MAX_LINE_BYTES + 10)}`);
    const src = new FileReplaySource({
      file: f,
      format: 'jsonl',
      speed: 'max',
      timeField: 'ts',
      limits: DEFAULT_EVENT_LIMITS,
      onBadLine: () => {},
    });
    await expect(src.open()).rejects.toThrow(/line 2 is longer than 16 MiB/);
  });

  it('fails a poll once the lines before the failure were handed out', async () => {
    const f = file('ok.jsonl', `{"a":1}\n{"a":2}\n${'y'.repeat(MAX_LINE_BYTES + 10)}`);
    const r = new LineReader(f, undefined, 1);
    await r.open();
    expect(r.take(1)[0]?.text).toBe('{"a":1}');
    await r.fill();
    expect(r.take(1)[0]?.text).toBe('{"a":2}');
    await r.fill();
    expect(r.failure).toMatch(/line 3 is longer/);
    await r.close();
  });
});

describe('FileReplaySource', () => {
  it('replays JSONL, counts bad lines with their line number, and resumes from a checkpoint position', async () => {
    const f = file('e.jsonl', '{"a":1}\nnot json\n[1]\n{"a":2}\n{"a":3}\n');
    const bad: string[] = [];
    const src = new FileReplaySource({
      file: f,
      format: 'jsonl',
      speed: 'max',
      timeField: 'ts',
      limits: DEFAULT_EVENT_LIMITS,
      onBadLine: (r) => bad.push(r),
    });
    await src.open();
    await src.ready();
    expect(src.poll(2, 0).events).toEqual([{ a: 1 }, { a: 2 }]);
    const position = src.position();
    expect(await drain(src)).toEqual([{ a: 3 }]);
    expect(bad).toEqual([
      expect.stringMatching(/line 2: /),
      expect.stringMatching(/line 3: an event must be a JSON object, got a list/),
    ]);
    await src.close();

    const again = new FileReplaySource({
      file: f,
      format: 'jsonl',
      speed: 'max',
      timeField: 'ts',
      limits: DEFAULT_EVENT_LIMITS,
      from: position,
      onBadLine: () => {},
    });
    await again.open();
    expect(await drain(again)).toEqual([{ a: 3 }]);
    await again.close();
  });

  it('replays large mixed JSONL exactly as a parse per line would, across reads, and resumes from any poll', async () => {
    const kinds = [
      (i: number) => `{"i":${i},"s":"x"}`,
      (i: number) => `{"i":${i},"s":"é ü"}`,
      (i: number) => `{"i":${i}}\r`,
      () => '',
      () => '  ',
      () => 'not json',
      () => '{"a":',
      () => '[1]',
      () => '{"v":1e400}',
      (i: number) => `{"i":${i},"l":[1,2]}`,
      (i: number) => `\uFEFF{"i":${i}}`,
    ];
    for (const seed of [1, 2, 3]) {
      // Mostly good lines (the one-parse path), ~12,000 of them: several 256 KiB reads.
      const picks = fc.sample(fc.oneof({ weight: 30, arbitrary: fc.constant(0) }, fc.nat(kinds.length - 1)), {
        seed,
        numRuns: 12_000,
      });
      const lines = picks.map((k, i) => (kinds[k] as (i: number) => string)(i));
      const text = lines.join('\n') + (seed === 2 ? '' : '\n');
      const f = file(`mixed-${seed}.jsonl`, text);
      // The reference: a JSON.parse per line (without its "\r"), blank lines skipped.
      const expected: unknown[] = [];
      const expectedBad: number[] = [];
      lines.forEach((raw, k) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() === '') return;
        try {
          const v: unknown = JSON.parse(line);
          if (checkEvent(v, DEFAULT_EVENT_LIMITS)) expectedBad.push(k + 1);
          else expected.push(v);
        } catch {
          expectedBad.push(k + 1);
        }
      });
      const bad: number[] = [];
      const open = async (from?: { offset: number; line: number }) => {
        const src = new FileReplaySource({
          ...replayAtFullSpeed(f),
          ...(from ? { from } : {}),
          onBadLine: (r) => bad.push(Number(/ line (\d+):/.exec(r)?.[1])),
        });
        await src.open();
        return src;
      };
      const src = await open();
      const got: unknown[] = [];
      let resumeAt: { offset: number; line: number; events: number } | undefined;
      for (let i = 0; i < 100_000; i++) {
        const { events, ended } = src.poll(300 + (i % 7) * 100, 0);
        got.push(...events);
        if (i === 8) resumeAt = { ...src.position(), events: got.length };
        if (ended) break;
        if (events.length === 0) await src.ready();
      }
      await src.close();
      expect(got).toEqual(expected);
      expect(bad).toEqual(expectedBad);
      expect(resumeAt!.events).toBeGreaterThan(0);
      bad.length = 0;
      const resumed = await open(resumeAt);
      expect(await drain(resumed, 512)).toEqual(expected.slice(resumeAt!.events));
      expect(bad).toEqual(expectedBad.filter((n) => n > resumeAt!.line));
      await resumed.close();
    }
  });

  it('replays CSV with typed values, also after resuming', async () => {
    const f = file('e.csv', 'name,n,ok,note\n"Smith, J",1.5,true,\nx,2,false,"say ""hi"""\n');
    const src = new FileReplaySource({
      file: f,
      format: 'csv',
      speed: 'max',
      timeField: 'ts',
      limits: DEFAULT_EVENT_LIMITS,
      onBadLine: () => {},
    });
    await src.open();
    await src.ready();
    expect(src.poll(1, 0).events).toEqual([{ name: 'Smith, J', n: 1.5, ok: true, note: null }]);
    const position = src.position();
    await src.close();
    const resumed = new FileReplaySource({
      file: f,
      format: 'csv',
      speed: 'max',
      timeField: 'ts',
      limits: DEFAULT_EVENT_LIMITS,
      from: position,
      onBadLine: () => {},
    });
    await resumed.open();
    expect(await drain(resumed)).toEqual([{ name: 'x', n: 2, ok: false, note: 'say "hi"' }]);
    await resumed.close();
  });

  it('paces by the time field at realtime and N x speed', async () => {
    const f = file('t.jsonl', '{"ts":1000}\n{"ts":1500}\n{"ts":3000}\n');
    for (const [speed, dueAt] of [
      ['realtime', [0, 500, 2000]],
      [4, [0, 125, 500]],
    ] as const) {
      const src = new FileReplaySource({
        file: f,
        format: 'jsonl',
        speed,
        timeField: 'ts',
        limits: DEFAULT_EVENT_LIMITS,
        onBadLine: () => {},
      });
      await src.open();
      await src.ready();
      const wall = 10_000;
      expect(src.poll(10, wall).events).toEqual([{ ts: 1000 }]);
      expect(src.poll(10, wall + dueAt[1] - 1).events).toEqual([]);
      expect(src.poll(10, wall + dueAt[1]).events).toEqual([{ ts: 1500 }]);
      expect(src.poll(10, wall + dueAt[2] - 1).events).toEqual([]);
      const last = src.poll(10, wall + dueAt[2]);
      expect(last).toEqual({ events: [{ ts: 3000 }], ended: true });
      await src.close();
    }
  });
});

describe('bad input at the file entrances', () => {
  const limits = { maxEventBytes: 200, maxDepth: 3 };

  /** A replay at full speed under the tests' small limits, opened, with the bad lines it reports. */
  async function openWithLimits(f: string, format: 'jsonl' | 'csv') {
    const bad: string[] = [];
    const src = new FileReplaySource({
      file: f,
      format,
      speed: 'max',
      timeField: 'ts',
      limits,
      onBadLine: (r) => bad.push(r),
    });
    await src.open();
    await src.ready();
    return { src, bad };
  }

  // With a list line the polls go line by line; without (the second case), through parseJsonLines.
  it.each([
    {
      lines: [
        '{"v":1}',
        '{"v":1e400}',
        '{"a":[{"v":-1e999}]}',
        '{"a":{"b":{"c":{"d":1}}}}',
        `{"s":"${'x'.repeat(300)}"}`,
        '{"__proto__":{"polluted":1}}',
        '{"v":2}',
      ],
      reasons: [
        /line 2: v: Infinity is not a finite number/,
        /line 3: a\.0\.v: -Infinity is not a finite number/,
        /line 4: a\.b\.c: nested deeper than 3 levels/,
        /line 5: the event is larger than 200 bytes/,
        /line 6: __proto__: the key "__proto__" is not allowed/,
      ],
    },
    {
      lines: [
        '{"v":1}',
        '{"v":1e400}',
        '{"a":{"b":{"c":{"d":1}}}}',
        '{"__proto__":{"polluted":1}}',
        '{"v":2}\r',
      ],
      reasons: [
        /line 2: v: Infinity is not a finite number/,
        /line 3: a\.b\.c: nested deeper than 3 levels/,
        /line 4: __proto__: the key "__proto__" is not allowed/,
      ],
    },
  ])(
    'counts JSONL events that checkEvent refuses as bad lines, naming line and path, and replays the rest',
    async ({ lines, reasons }) => {
      const { src, bad } = await openWithLimits(file('bad.jsonl', lines.join('\n')), 'jsonl');
      expect(await drain(src)).toEqual([{ v: 1 }, { v: 2 }]);
      expect(bad).toEqual(reasons.map((r) => expect.stringMatching(r)));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await src.close();
    },
  );

  it('counts CSV cells out of range and a __proto__ column instead of changing the event', async () => {
    const { src, bad } = await openWithLimits(
      file('bad.csv', 'name,v\na,1\nb,1e400\nc,-2e308\nd,3\n'),
      'csv',
    );
    expect(await drain(src)).toEqual([
      { name: 'a', v: 1 },
      { name: 'd', v: 3 },
    ]);
    expect(bad).toEqual([
      expect.stringMatching(/line 3: v: Infinity is not a finite number/),
      expect.stringMatching(/line 4: v: -Infinity is not a finite number/),
    ]);
    await src.close();
    expect(csvRecord(['__proto__'], 'x')).toEqual(JSON.parse('{"__proto__":"x"}'));
    expect(Object.getPrototypeOf(csvRecord(['__proto__'], ''))).toBe(Object.prototype);
  });
});

describe('FileSink', () => {
  it('writes nothing before a commit, and a restore cuts uncommitted output', () => {
    const d = tempDir();
    dirs.push(d);
    const f = path.join(d.dir, 'out', 'r.jsonl');
    const sink = new FileSink(f);
    expect(sink.open()).toEqual({ length: 0 });
    sink.write([{ a: 1 }, { b: 2 }, { b: 3 }]);
    expect(readFileSync(f, 'utf8')).toBe('');
    const state = sink.commit();
    expect(readFileSync(f, 'utf8')).toBe('{"a":1}\n{"b":2}\n{"b":3}\n');
    expect(state).toEqual({ length: 24 });
    sink.write([{ c: 4 }]);
    sink.close();
    expect(readFileSync(f, 'utf8')).toContain('{"c":4}');

    // A restarted run restores the checkpoint's state: the line after it is gone, to be rewritten.
    const restarted = new FileSink(f);
    restarted.open();
    restarted.restore(state);
    expect(readFileSync(f, 'utf8')).toBe('{"a":1}\n{"b":2}\n{"b":3}\n');
    restarted.write([{ c: 4 }]);
    restarted.close();
    expect(readFileSync(f, 'utf8')).toBe('{"a":1}\n{"b":2}\n{"b":3}\n{"c":4}\n');
  });

  it('writes a batch as the lines one JSON.stringify per event would give, whatever the events hold', () => {
    const perEvent = (events: unknown[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');
    for (const events of [
      [{ a: 1 }, { b: { c: [1, { d: 2 }] } }, {}],
      [{ s: '},{' }, { t: 'x' }],
      [new Date(0), { s: '},{' }],
      [[1], { a: 1 }],
      [{ a: undefined, b: 1 }, { toJSON: () => 'z' }],
      // Not ASCII: the boundaries are found in the bytes.
      [{ é: 1 }, { s: 'ü},{' }, { c: '😀' }],
      [{ é: 1 }, { b: 2 }, { c: '😀' }],
    ])
      expect(new JsonLinesBuffer(8).append(events).toString()).toBe(perEvent(events));
    // Appends follow each other in one growing buffer.
    const many = Array.from({ length: 3000 }, (_, i) => ({ i, s: i % 2 ? 'é' : 'x' }));
    const out = new JsonLinesBuffer(16);
    for (let i = 0; i < many.length; i += 700) out.append(many.slice(i, i + 700));
    expect(out.toString()).toBe(perEvent(many));
    out.clear();
    expect(out.append([{ a: 1 }]).toString()).toBe('{"a":1}\n');
  });

  it('writes early past the pending bound, still cut by a restore', () => {
    const d = tempDir();
    dirs.push(d);
    const f = path.join(d.dir, 'r.jsonl');
    const sink = new FileSink(f, { maxPendingBytes: 10 });
    sink.open();
    const committed = sink.commit();
    sink.write([{ long: 'enough to pass the bound' }]);
    expect(readFileSync(f, 'utf8')).toContain('enough');
    sink.restore(committed);
    expect(readFileSync(f, 'utf8')).toBe('');
    sink.close();
  });
});

describe('ingest', () => {
  it('parses objects, arrays and NDJSON, naming the bad line', () => {
    expect(parseIngestBody({ a: 1 }, false, DEFAULT_EVENT_LIMITS)).toEqual({ ok: true, events: [{ a: 1 }] });
    expect(parseIngestBody([{ a: 1 }, { a: 2 }], false, DEFAULT_EVENT_LIMITS)).toEqual({
      ok: true,
      events: [{ a: 1 }, { a: 2 }],
    });
    expect(parseIngestBody('{"a":1}\r\n\n{"a":2}', true, DEFAULT_EVENT_LIMITS)).toEqual({
      ok: true,
      events: [{ a: 1 }, { a: 2 }],
    });
    expect(parseIngestBody('{"a":1}\n{"a":', true, DEFAULT_EVENT_LIMITS)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^line 2: /),
    });
    expect(parseIngestBody('{"a":1}\n3', true, DEFAULT_EVENT_LIMITS)).toEqual({
      ok: false,
      message: 'line 2: an event must be a JSON object, got a number',
      path: '',
      line: 2,
    });
    expect(parseIngestBody(5, false, DEFAULT_EVENT_LIMITS)).toMatchObject({ ok: false });
  });

  it('refuses non-finite numbers, deep nesting, big and non-object events with the field path', () => {
    const limits = { maxEventBytes: 100, maxDepth: 2 };
    expect(parseIngestBody(JSON.parse('{"v":1e400}'), false, limits)).toEqual({
      ok: false,
      message: 'v: Infinity is not a finite number (beyond ±1.8e308 JSON numbers parse as ±Infinity)',
      path: 'v',
    });
    expect(parseIngestBody(JSON.parse('[{"v":1},{"v":-1e999}]'), false, limits)).toMatchObject({
      ok: false,
      path: '1.v',
    });
    expect(parseIngestBody([{ a: 1 }, 7], false, limits)).toMatchObject({ ok: false, path: '1' });
    expect(parseIngestBody({ a: { b: { c: 1 } } }, false, limits)).toMatchObject({ ok: false, path: 'a.b' });
    expect(parseIngestBody({ s: 'x'.repeat(200) }, false, limits)).toMatchObject({
      ok: false,
      path: '',
      message: 'the event is larger than 100 bytes',
    });
    expect(parseIngestBody('{"a":1}\n{"v":[1e400]}', true, limits)).toEqual({
      ok: false,
      message:
        'line 2: v.0: Infinity is not a finite number (beyond ±1.8e308 JSON numbers parse as ±Infinity)',
      path: 'v.0',
      line: 2,
    });
    expect(parseIngestBody('{"__proto__":{"x":1}}', true, limits)).toMatchObject({
      ok: false,
      path: '__proto__',
    });
    expect(parseIngestBody('null', true, limits)).toMatchObject({ ok: false, path: '', line: 1 });
  });

  it('accepts a batch whole or refuses it whole, and snapshots what is queued', () => {
    const q = new IngestQueue(3);
    expect(q.offer([{ n: 1 }, { n: 2 }])).toEqual({ accepted: 2 });
    expect(q.offer([{ n: 3 }, { n: 4 }])).toEqual({ full: true, retryAfterSec: 1, free: 1 });
    expect(q.take(1)).toEqual([{ n: 1 }]);
    expect(q.offer([{ n: 3 }, { n: 4 }])).toEqual({ accepted: 2 });
    const snap = q.snapshot();
    const restored = new IngestQueue(3);
    restored.restore(snap);
    expect(restored.take(10)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
  });
});

describe('csv and replay buffers', () => {
  it('splits quoted CSV and rejects a wrong field count', () => {
    expect(splitCsvLine('a,"b,c",,"d""e"')).toEqual(['a', 'b,c', '', 'd"e']);
    expect(() => csvRecord(['a', 'b'], '1')).toThrow(/expected 2 fields/);
    expect(() => splitCsvLine('"open')).toThrow(/unterminated/);
  });

  it('keeps the newest N results, or the newest per category for bar charts', () => {
    const r = new RecentResults(3);
    for (let i = 0; i < 10; i++) r.add([{ i }]);
    expect(r.latest()).toEqual([{ i: 7 }, { i: 8 }, { i: 9 }]);
    const bars = new RecentResults(2, 'k');
    bars.add([
      { k: 'a', v: 1 },
      { k: 'b', v: 1 },
      { k: 'a', v: 2 },
      { k: 'c', v: 1 },
    ]);
    expect(bars.latest()).toEqual([
      { k: 'a', v: 2 },
      { k: 'c', v: 1 },
    ]);
  });
});

describe('IngestLog', () => {
  it('numbers events, re-reads from any sequence number across segments, prunes what a checkpoint covers', () => {
    const d = tempDir();
    dirs.push(d);
    const log = new IngestLog(d.dir, 'in', 30);
    log.open(true);
    for (let n = 0; n < 10; n++) log.append([{ n }]);
    expect(log.nextSeq).toBe(10);
    expect(log.readFrom(7)).toEqual([{ n: 7 }, { n: 8 }, { n: 9 }]);
    const before = readdirSync(d.dir).length;
    expect(before).toBeGreaterThan(2);
    log.prune(7);
    expect(readdirSync(d.dir).length).toBeLessThan(before);
    expect(log.readFrom(7)).toEqual([{ n: 7 }, { n: 8 }, { n: 9 }]);
    log.close();

    // After a crash mid-append: the torn line goes, numbering continues, and a fresh run empties the log.
    const last = readdirSync(d.dir).sort().at(-1)!;
    appendFileSync(path.join(d.dir, last), '{"n":1');
    const reopened = new IngestLog(d.dir, 'in', 30);
    reopened.open(false);
    expect(reopened.nextSeq).toBe(10);
    reopened.append([{ n: 10 }]);
    expect(reopened.readFrom(9)).toEqual([{ n: 9 }, { n: 10 }]);
    reopened.close();
    const fresh = new IngestLog(d.dir, 'in', 30);
    fresh.open(true);
    expect(fresh.nextSeq).toBe(0);
    expect(fresh.readFrom(0)).toEqual([]);
    fresh.close();
  });

  it('queues logged events at once and acknowledges them once a group fdatasync of the log is done', async () => {
    const d = tempDir();
    dirs.push(d);
    const log = new IngestLog(d.dir, 'in');
    log.open(true);
    const src = new IngestSource('in', 'source.http-ingest', 100, log);
    const offered = src.offer([{ n: 0 }]);
    // The run has the event at once; the answer names the log's file to sync before acknowledging.
    expect(offered).toEqual({ accepted: 1, logFd: log.fd });
    expect(src.poll(10).events).toEqual([{ n: 0 }]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => offerDurably(src, [{ n: n + 1 }])),
    );
    expect(answers).toEqual(answers.map(() => ({ accepted: 1 })));
    expect(src.poll(100).events).toEqual(Array.from({ length: 20 }, (_, n) => ({ n: n + 1 })));
    src.close();
    const reread = new IngestLog(d.dir, 'in');
    reread.open(false);
    expect(reread.readFrom(0)).toEqual(Array.from({ length: 21 }, (_, n) => ({ n })));
    reread.close();
  });

  it('an ingest source with a log re-queues on restore what the checkpoint had not consumed', () => {
    const d = tempDir();
    dirs.push(d);
    const log = new IngestLog(d.dir, 'in');
    log.open(true);
    const src = new IngestSource('in', 'source.http-ingest', 100, log);
    src.offer([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(src.poll(2).events).toEqual([{ n: 1 }, { n: 2 }]);
    const offset = src.offset();
    expect(offset).toEqual({ consumed: 2 });
    src.offer([{ n: 4 }]);
    src.close();
    // The process dies; the restored source gets what followed the checkpoint, accepted before or after it.
    const log2 = new IngestLog(d.dir, 'in');
    log2.open(false);
    const restored = new IngestSource('in', 'source.http-ingest', 100, log2);
    restored.restore(offset);
    expect(restored.poll(10).events).toEqual([{ n: 3 }, { n: 4 }]);
    restored.close();
  });
});
