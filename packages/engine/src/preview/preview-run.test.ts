import { describe, expect, it } from 'vitest';
import { previewRun } from './preview-run.js';

const doc = (sizeMs = 5000) => ({
  version: 1,
  name: 'preview',
  nodes: [
    { id: 'in', kind: 'source.http-ingest', params: {} },
    { id: 'gen', kind: 'source.generator', params: { preset: 'sensors', seed: 1, keyCardinality: 3 } },
    { id: 'hot', kind: 'transform.filter', params: { condition: 'temperature > 20.0' } },
    {
      id: 'shape',
      kind: 'transform.map',
      params: {
        fields: [
          { name: 't', expr: 'temperature' },
          { name: 'ts', expr: 'ts' },
        ],
      },
    },
    { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
    { id: 'w', kind: 'window.tumbling', params: { sizeMs, aggregations: [{ name: 'n', fn: 'count' }] } },
    { id: 'out', kind: 'sink.table', params: {} },
  ],
  edges: [
    { id: 'e1', source: 'gen', target: 'hot' },
    { id: 'e2', source: 'hot', target: 'shape' },
    { id: 'e3', source: 'shape', target: 'time' },
    { id: 'e4', source: 'time', target: 'w' },
    { id: 'e5', source: 'w', target: 'out' },
  ],
});

describe('previewRun', () => {
  it("records every node's output, fused chains included, with counts beyond the rows kept", async () => {
    const r = await previewRun(doc(), { generatorEvents: 2000, rowsPerPort: 10 });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.ports.gen!.out!.count).toBe(2000);
    const hot = r.ports.hot!.out!;
    // filter -> map would be one fused loop in a run; the preview shows each step apart.
    expect(hot.count).toBeGreaterThan(0);
    expect(hot.count).toBeLessThan(2000);
    expect(r.ports.shape!.out!.count).toBe(hot.count);
    expect(hot.rows).toHaveLength(10);
    expect(r.inputs.hot!.count).toBe(2000);
    expect(r.inputs.hot!.rows).toHaveLength(10);
    const more = await previewRun(doc(), { generatorEvents: 2000, rowsPerPort: 10, inputRowsPerNode: 40 });
    if (!more.ok) throw new Error('preview failed');
    expect(more.inputs.hot!.rows).toHaveLength(40);
    expect(more.inputs.hot!.atInput.slice(0, 3)).toEqual([1, 2, 3]);
    expect(hot.rows.every((e) => Number(e.temperature) > 20)).toBe(true);
    expect(Object.keys(r.ports.shape!.out!.rows[0]!)).toEqual(['t', 'ts']);
    const windows = r.ports.w!.out!;
    expect(windows.count).toBe(r.ports.out!.in!.count);
    const all = await previewRun(doc(), { generatorEvents: 2000, rowsPerPort: 100_000 });
    if (!all.ok) throw new Error('preview failed');
    // Every event reaching the window is counted in exactly one window.
    expect(all.ports.w!.out!.rows.reduce((sum, e) => sum + Number(e.n), 0)).toBe(hot.count);
    expect(r.ports.w!.late!.count).toBe(0);
    expect(r.waitingForSamples).toEqual(['in']);
  });

  it('keeps input rows only of the nodes asked for (inputRowsOf), counting every input', async () => {
    const all = await previewRun(doc(), { generatorEvents: 2000, inputRowsPerNode: 100 });
    const one = await previewRun(doc(), { generatorEvents: 2000, inputRowsPerNode: 100, inputRowsOf: ['w'] });
    if (!all.ok || !one.ok) throw new Error('preview failed');
    expect(one.inputs.w).toEqual(all.inputs.w);
    expect(one.inputs.w!.rows).toHaveLength(100);
    expect(one.inputs.hot!.rows).toEqual([]);
    expect(one.inputs.hot!.count).toBe(all.inputs.hot!.count);
    expect(one.ports).toEqual(all.ports);
  });

  it('is deterministic, so an edit shows only its own effect', async () => {
    const a = await previewRun(doc(5000), { generatorEvents: 1000 });
    const b = await previewRun(doc(5000), { generatorEvents: 1000 });
    const c = await previewRun(doc(10_000), { generatorEvents: 1000 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('preview failed');
    expect(b.ports.w).toEqual(a.ports.w);
    expect(c.ports.w!.out!.count).toBeLessThan(a.ports.w!.out!.count);
    expect(c.ports.hot).toEqual(a.ports.hot);
  });

  it('takes samples for sources, and reports invalid documents and failed runs instead of throwing', async () => {
    const sampled = await previewRun(doc(), {
      samples: {
        gen: [
          { sensor: 'a', temperature: 25, ts: 1 },
          { sensor: 'b', temperature: 5, ts: 2 },
        ],
      },
    });
    if (!sampled.ok) throw new Error('preview failed');
    expect(sampled.ports.hot!.out).toMatchObject({
      count: 1,
      rows: [{ sensor: 'a', temperature: 25, ts: 1 }],
    });
    const invalid = await previewRun({
      ...doc(),
      nodes: [...doc().nodes, { id: 'x', kind: 'window.nope', params: {} }],
    });
    expect(invalid.ok).toBe(false);
    expect('errors' in invalid && invalid.errors[0]?.node).toBe('x');
  });

  it('records event times, arrival order, the input watermark and late events for the event-time inspector', async () => {
    const ev = (ts: number) => ({ sensor: 'a', temperature: 30, ts });
    // 2 s windows; 7000 pushes the watermark past [2000, 4000), so 2500 arrives late for it.
    const sample = [ev(100), ev(1500), ev(4100), ev(7000), ev(2500), ev(7100)];
    // One event per micro-batch: the watermark moves between events as in a run at that pace.
    const r = await previewRun(
      { ...doc(2000), settings: { microBatch: { maxEvents: 1, maxDelayMs: 0 } } },
      { samples: { gen: sample } },
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    const input = r.inputs.w!;
    expect(input.rows.map((e) => e.ts)).toEqual(sample.map((e) => e.ts));
    expect(input.times).toEqual(sample.map((e) => e.ts));
    expect(input.atInput).toEqual([1, 2, 3, 4, 5, 6]);
    const late = r.ports.w!.late!;
    expect(late.rows.map((e) => e.ts)).toEqual([2500]);
    expect(late.times).toEqual([2500]);
    // The watermark (out-of-orderness 0) follows the largest time seen; the last step ends input.
    expect(r.watermarks.w).toEqual([
      [1, 100],
      [2, 1500],
      [3, 4100],
      [4, 7000],
    ]);
    // Nodes ahead of assign-timestamps have no event-time watermark.
    expect(r.watermarks.hot).toBeUndefined();
    // Window rows carry the input count when they fired: [0, 2000) once 4100 moved the watermark.
    const first = r.ports.w!.out!;
    expect(first.rows[0]).toMatchObject({ window_start: 0, window_end: 2000, n: 2 });
    expect(first.atInput[0]).toBe(3);
  });
});
