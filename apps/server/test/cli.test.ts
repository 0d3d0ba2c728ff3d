import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunArgs } from '../src/cli/run-args.js';
import { runCommand } from '../src/cli/run-command.js';
import { testCommand } from '../src/cli/test-command.js';
import { validateCommand } from '../src/cli/validate-command.js';
import { EXAMPLE_FILES, EXAMPLES, FIXTURES, NEXMARK_EXAMPLE_FILES, tempDir } from './helpers.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

/** Runs `eventide run` in-process with `cwd` as the working directory; returns exit code and output. */
async function run(args: string[], opts: { isTTY?: boolean } = {}) {
  const d = tempDir('eventide-cli-');
  dirs.push(d);
  const stdout: string[] = [];
  let stderr = '';
  const code = await runCommand(args, (l) => stdout.push(l), {
    cwd: d.dir,
    stdout: (l) => stdout.push(l),
    stderr: (t) => {
      stderr += t;
    },
    isTTY: opts.isTTY ?? false,
  });
  const read = (p: string) =>
    readFileSync(path.join(d.dir, p), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { code, stdout, stderr, cwd: d.dir, read };
}

const ex = (name: string) => path.join(EXAMPLES, name);
const fx = (name: string) => path.join(FIXTURES, name);

describe('eventide run', () => {
  it('tumbling averages per sensor (sensor-averages example)', async () => {
    const r = await run([
      ex('sensor-averages.json'),
      '--input',
      `sensors=${fx('sensors.jsonl')}`,
      '--output',
      'latest-windows=out/windows.jsonl',
    ]);
    expect(r.code).toBe(0);
    // [0,5000): s1 20,22,24 -> 22; s2 10. [5000,10000): s1 30; s2 12,14,16 -> 14. [10000,15000): s1 10.
    expect(r.read('out/windows.jsonl')).toEqual([
      { sensor: 's1', window_start: 0, window_end: 5000, window_fire: 'final', avg_temp: 22, readings: 3 },
      { sensor: 's2', window_start: 0, window_end: 5000, window_fire: 'final', avg_temp: 10, readings: 1 },
      {
        sensor: 's1',
        window_start: 5000,
        window_end: 10000,
        window_fire: 'final',
        avg_temp: 30,
        readings: 1,
      },
      {
        sensor: 's2',
        window_start: 5000,
        window_end: 10000,
        window_fire: 'final',
        avg_temp: 14,
        readings: 3,
      },
      {
        sensor: 's1',
        window_start: 10000,
        window_end: 15000,
        window_fire: 'final',
        avg_temp: 10,
        readings: 1,
      },
    ]);
    // The summary: one row per node with in, out, late and errors.
    expect(r.stderr).toMatch(/^node\s+kind\s+in\s+out\s+late\s+errors\s+dropped$/m);
    expect(r.stderr).toMatch(/^sensors\s+source\.generator\s+0\s+9\s+0\s+0\s+0$/m);
    expect(r.stderr).toMatch(/^avg-5s\s+window\.tumbling\s+9\s+5\s+0\s+0\s+0$/m);
    expect(r.stderr).toMatch(/run finished in/);
  });

  it('sessions per user (user-sessions example)', async () => {
    const r = await run([
      ex('user-sessions.json'),
      `--input=clicks=${fx('clicks.jsonl')}`,
      '--output=session-table=s.jsonl',
    ]);
    expect(r.code).toBe(0);
    // The example's gap is 3 s: no two clicks of a user in the fixture are that close, so each is its own
    // session, [ts, ts + 3000), emitted in watermark order.
    const session = (user: string, start: number, page: string) => ({
      user,
      window_start: start,
      window_end: start + 3000,
      window_fire: 'final',
      clicks: 1,
      pages: [page],
      landing: page,
    });
    expect(r.read('s.jsonl')).toEqual([
      session('u1', 0, 'home'),
      session('u2', 5000, 'home'),
      session('u1', 10000, 'cart'),
      session('u1', 35000, 'pay'),
      session('u2', 50000, 'about'),
      session('u1', 100000, 'home'),
    ]);
  });

  it('three consecutive failures within a minute (brute-force-logins example)', async () => {
    const r = await run([
      ex('brute-force-logins.json'),
      '--input',
      `logins=${fx('logins.jsonl')}`,
      '--output',
      'alerts=alerts.jsonl',
    ]);
    expect(r.code).toBe(0);
    // u1 fails at 1,2,3 s and 6,7,8 s (skip past the last event); u2's run is broken by a success, then spans > 60 s.
    expect(r.read('alerts.jsonl')).toEqual([
      { user: 'u1', attempts: 3, start: 1000, ip: '10.0.0.1' },
      { user: 'u1', attempts: 3, start: 6000, ip: '10.0.0.3' },
    ]);
  });

  it('micro-batched trades go to the file sink, one line per event, relative to the working directory', async () => {
    const r = await run([ex('trades-to-file.json'), '--input', `trades=${fx('trades.jsonl')}`]);
    expect(r.code).toBe(0);
    // price * volume > 10000: A (20000) and C (10100); D is exactly 10000.
    expect(r.read('out/large-trades.jsonl')).toEqual([
      { symbol: 'A', value: 20000, side: 'buy', ts: 1 },
      { symbol: 'C', value: 10100, side: 'buy', ts: 3 },
    ]);
  });

  it('a file-replay node reads CSV from the working directory', async () => {
    const doc = JSON.parse(readFileSync(ex('sensor-averages.json'), 'utf8'));
    doc.nodes = doc.nodes.map((n: { id: string }) =>
      n.id === 'sensors'
        ? { id: 'sensors', kind: 'source.file-replay', params: { path: 'in/sensors.csv', format: 'csv' } }
        : n,
    );
    const csv = ['sensor,temperature,humidity,ts', 's1,20,40,1000', 's1,24,41,2000', '"s2",10,50,6000'].join(
      '\n',
    );
    const d = tempDir();
    dirs.push(d);
    const docFile = path.join(d.dir, 'csv.json');
    writeFileSync(docFile, JSON.stringify(doc));
    const stdout: string[] = [];
    let stderr = '';
    mkdirSync(path.join(d.dir, 'in'));
    writeFileSync(path.join(d.dir, 'in/sensors.csv'), `${csv}\n`);
    const code = await runCommand(['csv.json', '--output', 'latest-windows=o.jsonl'], () => {}, {
      cwd: d.dir,
      stdout: (l) => stdout.push(l),
      stderr: (t) => {
        stderr += t;
      },
      isTTY: false,
    });
    expect(code, stderr).toBe(0);
    const rows = readFileSync(path.join(d.dir, 'o.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { sensor: 's1', window_start: 0, window_end: 5000, window_fire: 'final', avg_temp: 22, readings: 2 },
      {
        sensor: 's2',
        window_start: 5000,
        window_end: 10000,
        window_fire: 'final',
        avg_temp: 10,
        readings: 1,
      },
    ]);
  });

  it('--parallelism 2 runs the keyed window on two worker threads with the results of one', async () => {
    const args = (out: string) => [
      ex('sensor-averages.json'),
      '--input',
      `sensors=${fx('sensors.jsonl')}`,
      '--output',
      `latest-windows=${out}`,
    ];
    const one = await run(args('one.jsonl'));
    const two = await run([...args('two.jsonl'), '--parallelism', '2']);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toContain('parallelism 2: starting 2 worker threads');
    // What each worker thread spent, where the kernel tells (Linux).
    if (process.platform === 'linux')
      expect(two.stderr).toMatch(/worker threads' CPU: \d+\.\d\d s, \d+\.\d\d s\n/);
    const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(two.read('two.jsonl'))).toEqual(sorted(one.read('one.jsonl')));
    expect(one.read('one.jsonl').length).toBeGreaterThan(0);
    expect(parseRunArgs(['p.json', '--parallelism', 'auto']).parallelism).toBe('auto');
    expect(() => parseRunArgs(['p.json', '--parallelism', '0'])).toThrow(/whole number from 1 to 64 or auto/);
  }, 60_000);

  it('prints plain progress lines when not on a terminal, a bar on a terminal', async () => {
    const plain = await run([
      ex('sensor-averages.json'),
      '--input',
      `sensors=${fx('sensors.jsonl')}`,
      '--speed',
      '8',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/^progress: \d+% \d+ events in, \d+\.\d s$/m);
    const tty = await run([ex('sensor-averages.json'), '--input', `sensors=${fx('sensors.jsonl')}`], {
      isTTY: true,
    });
    expect(tty.stderr).toMatch(/\r\[#{30}\] 100% {2}9 events in/);
  });

  it('counts bad input lines as errors of the source and goes on', async () => {
    const d = tempDir();
    dirs.push(d);
    const input = path.join(d.dir, 'bad.jsonl');
    writeFileSync(input, `${readFileSync(fx('sensors.jsonl'), 'utf8')}{oops\n`);
    const r = await run([
      ex('sensor-averages.json'),
      '--input',
      `sensors=${input}`,
      '--output',
      'latest-windows=o.jsonl',
    ]);
    expect(r.code).toBe(0);
    expect(r.read('o.jsonl')).toHaveLength(5);
    expect(r.stderr).toMatch(/error: node sensors: .*bad\.jsonl line 10: /);
    expect(r.stderr).toMatch(/^sensors\s+source\.generator\s+0\s+9\s+0\s+1\s+0$/m);
  });

  it('refuses what cannot run: invalid documents, unknown nodes, inputs that never end, bad arguments', async () => {
    const d = tempDir();
    dirs.push(d);
    const broken = path.join(d.dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ version: 1, name: 'x', nodes: [{ id: 'a', kind: 'source.nope' }] }),
    );
    const invalid = await run([broken]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/node a: kind: unknown kind "source.nope"/);

    const unbounded = await run([ex('sensor-averages.json')]);
    expect(unbounded.code).toBe(1);
    expect(unbounded.stderr).toMatch(/node sensors: an unbounded generator never ends/);

    const unknown = await run([ex('sensor-averages.json'), '--input', `avg-5s=${fx('sensors.jsonl')}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--input avg-5s: no source node "avg-5s"/);

    const missing = await run([ex('sensor-averages.json'), '--input', 'sensors=nope.jsonl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--input sensors: no file nope.jsonl/);

    expect((await run([ex('sensor-averages.json'), '--speed', 'fast'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('parses repeated and = forms of the options', () => {
    expect(
      parseRunArgs([
        'p.json',
        '--input',
        'a=x.jsonl',
        '--input=b=y.jsonl',
        '--output',
        'c=z.jsonl',
        '--speed',
        '2.5',
      ]),
    ).toEqual({
      file: 'p.json',
      inputs: { a: 'x.jsonl', b: 'y.jsonl' },
      outputs: { c: 'z.jsonl' },
      speed: 2.5,
      engine: 'eventide',
    });
    expect(parseRunArgs(['p.json', '--speed=realtime']).speed).toBe('realtime');
    expect(parseRunArgs(['p.json', '--engine', 'flink']).engine).toBe('flink');
    expect(() => parseRunArgs(['p.json', '--engine', 'spark'])).toThrow(/--engine is eventide or flink/);
    expect(() => parseRunArgs(['p.json', '--input', 'novalue'])).toThrow(/NODE=PATH/);
    expect(() => parseRunArgs(['p.json', '--bogus', 'x'])).toThrow(/unknown option --bogus/);
  });
});

describe('eventide validate', () => {
  it('prints "valid" for every example', async () => {
    for (const name of [...EXAMPLE_FILES, ...NEXMARK_EXAMPLE_FILES]) {
      const out: string[] = [];
      expect(await validateCommand([ex(name)], (l) => out.push(l)), name).toBe(0);
      expect(out[0]).toBe('valid');
    }
  });

  it('names a misspelled kind, a negative window size and an edge to a missing node', async () => {
    const d = tempDir();
    dirs.push(d);
    const doc = JSON.parse(readFileSync(ex('sensor-averages.json'), 'utf8'));
    const node = (id: string) => doc.nodes.find((n: { id: string }) => n.id === id);
    node('temperature-chart').kind = 'sink.line-chrt';
    node('avg-5s').params.sizeMs = -1;
    doc.edges.push({ id: 'e9', source: 'avg-5s', target: 'ghost' });
    const file = path.join(d.dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const out: string[] = [];
    expect(await validateCommand([file], (l) => out.push(l))).toBe(1);
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^node temperature-chart: kind: unknown kind "sink.line-chrt"/),
        expect.stringMatching(/^node avg-5s: params.sizeMs: /),
        expect.stringMatching(/^edge e9: .*ghost/),
      ]),
    );
  });
});

describe('eventide test', () => {
  const test = async (args: string[]) => {
    const out: string[] = [];
    const code = await testCommand(args, (l) => out.push(l));
    return { code, out };
  };

  it('passes the tests an example carries', async () => {
    expect(await test([ex('sensor-averages.json')])).toEqual({
      code: 0,
      out: ['✓ five-second averages per sensor', 'all 1 tests passed'],
    });
  });

  it('fails with a readable diff after a parameter change, and reads test files beside the document', async () => {
    const d = tempDir('eventide-test-');
    dirs.push(d);
    const doc = JSON.parse(readFileSync(ex('sensor-averages.json'), 'utf8'));
    const sample = doc.tests[0].inputs.sensors.events as object[];
    writeFileSync(path.join(d.dir, 'sensors.jsonl'), sample.map((e) => JSON.stringify(e)).join('\n'));
    doc.tests[0].inputs.sensors = { file: 'sensors.jsonl' };
    doc.nodes.find((n: { id: string }) => n.id === 'avg-5s').params.sizeMs = 10_000;
    const file = path.join(d.dir, 'changed.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await test([file]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      '✗ five-second averages per sensor',
      '  latest-windows: 2 missing, 2 changed (expected 4 rows, got 2)',
      '    - {"sensor":"s1","window_start":5000,"window_end":10000,"window_fire":"final","avg_temp":30,"readings":1}',
      '    - {"sensor":"s2","window_start":5000,"window_end":10000,"window_fire":"final","avg_temp":12.5,"readings":1}',
      '    ~ row 1: window_end: expected 5000, got 10000; avg_temp: expected 21, got 24; readings: expected 2, got 3',
      '    ~ row 2: window_end: expected 5000, got 10000; avg_temp: expected 10.5, got 11.166666666666666; readings: expected 2, got 3',
      '1 of 1 tests failed',
    ]);
  });

  it('refuses a document without tests, an unknown test name and bad arguments', async () => {
    const d = tempDir('eventide-test-');
    dirs.push(d);
    const doc = JSON.parse(readFileSync(ex('sensor-averages.json'), 'utf8'));
    delete doc.tests;
    const file = path.join(d.dir, 'untested.json');
    writeFileSync(file, JSON.stringify(doc));
    expect((await test([file])).code).toBe(1);
    expect((await test([ex('sensor-averages.json'), '--test', 'nope'])).out).toEqual([
      `${ex('sensor-averages.json')} has no test named "nope"`,
    ]);
    expect((await test([])).code).toBe(2);
    expect((await test([ex('sensor-averages.json'), '--bogus'])).code).toBe(2);
  });
});

describe('the eventide binary', () => {
  it('runs from the caller working directory and exits with the run status', () => {
    const d = tempDir();
    dirs.push(d);
    const cli = path.resolve(import.meta.dirname, '../src/cli.ts');
    const res = spawnSync(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        cli,
        'run',
        ex('trades-to-file.json'),
        '--input',
        `trades=${fx('trades.jsonl')}`,
        '--output',
        'trades-file=result.jsonl',
      ],
      // As `pnpm eventide` does: the script runs at the workspace root, the caller's directory is INIT_CWD.
      {
        cwd: path.resolve(import.meta.dirname, '../../..'),
        env: { ...process.env, INIT_CWD: d.dir },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(res.status).toBe(0);
    expect(readFileSync(path.join(d.dir, 'result.jsonl'), 'utf8')).toBe(
      '{"symbol":"A","value":20000,"side":"buy","ts":1}\n{"symbol":"C","value":10100,"side":"buy","ts":3}\n',
    );
    expect(res.stderr).toMatch(/^large\s+transform\.filter\s+4\s+2\s+0\s+0\s+0$/m);
    // A cold tsx start of the CLI takes seconds on a loaded 2-core machine: the spawn's own 30 s bound applies.
  }, 40_000);
});
