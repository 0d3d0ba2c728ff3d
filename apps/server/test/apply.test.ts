import { describe, expect, it } from 'vitest';
import { chainPipeline, until, useTestServer } from './helpers.js';

/** POST /api/pipelines/:id/apply: the plan (dry run), then the switch of a running pipeline. */
const { call } = useTestServer();

const doc = (condition: string, sizeMs = 1000) =>
  chainPipeline('Apply', [
    {
      id: 'gen',
      kind: 'source.generator',
      params: { preset: 'sensors', ratePerSec: 2000, keyCardinality: 3, seed: 1 },
    },
    { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: 0 } },
    { id: 'win', kind: 'window.tumbling', params: { sizeMs, keyBy: ['sensor'] } },
    { id: 'hot', kind: 'transform.filter', params: { condition } },
    { id: 'out', kind: 'sink.table', params: {} },
  ]);

describe('apply to a running pipeline', () => {
  it('answers the plan, then switches the run keeping the window state; refuses when not running', async () => {
    const notRunning = await call({
      method: 'POST',
      url: '/api/pipelines/apply/apply?dryRun=true',
      payload: doc('true'),
    });
    expect(notRunning.statusCode).toBe(404);
    await call({ method: 'PUT', url: '/api/pipelines/apply', payload: doc('true') });
    const start = await call({ method: 'POST', url: '/api/pipelines/apply/start' });
    expect(start.statusCode).toBe(201);
    const first = start.json().run.id;
    await until(async () => {
      const m = (await call({ method: 'GET', url: `/api/runs/${first}` })).json().metrics;
      return m.nodes.win.in > 0;
    }, 'events in the window');

    const resized = await call({
      method: 'POST',
      url: '/api/pipelines/apply/apply?dryRun=true',
      payload: doc('true', 5000),
    });
    expect(resized.json().plan).toContainEqual({
      node: 'win',
      kind: 'window.tumbling',
      fate: 'dropped',
      reason: 'state-relevant params changed: sizeMs 1000 -> 5000',
    });

    const applied = await call({
      method: 'POST',
      url: '/api/pipelines/apply/apply',
      payload: doc('count > 1'),
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const body = applied.json();
    expect(body.plan).toEqual([
      { node: 'ts', kind: 'time.assign-timestamps', fate: 'kept' },
      { node: 'win', kind: 'window.tumbling', fate: 'kept' },
    ]);
    expect(body.version).toBe(2);
    expect(body.run.id).not.toBe(first);
    expect(body.run.state).toBe('running');
    expect((await call({ method: 'GET', url: `/api/runs/${first}` })).json().run.state).toBe('stopped');
    const stored = (await call({ method: 'GET', url: '/api/pipelines/apply' })).json();
    expect(stored.document.nodes.find((n: { id: string }) => n.id === 'hot').params.condition).toBe(
      'count > 1',
    );
    await call({ method: 'POST', url: '/api/pipelines/apply/stop' });
  });
});
