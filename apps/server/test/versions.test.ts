import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatorPipeline, useTestServer } from './helpers.js';

/** Every save records a version; versions are listed, opened and restored over HTTP. */
const { call, dataDir } = useTestServer();

describe('pipeline versions', () => {
  it('records each save with its number, time and message; lists, opens and restores them', async () => {
    const doc = generatorPipeline('Versioned');
    const created = await call({ method: 'POST', url: '/api/pipelines?message=first', payload: doc });
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json();
    expect(version).toBe(1);

    const faster = structuredClone(doc);
    faster.nodes[0]!.params = { ...faster.nodes[0]!.params, ratePerSec: 5000 };
    const put = await call({ method: 'PUT', url: `/api/pipelines/${id}?message=faster`, payload: faster });
    expect(put.json().version).toBe(2);
    // The same document again adds no version.
    expect((await call({ method: 'PUT', url: `/api/pipelines/${id}`, payload: faster })).json().version).toBe(
      2,
    );

    const list = (await call({ method: 'GET', url: `/api/pipelines/${id}/versions` })).json();
    expect(list.versions.map((v: { number: number; message?: string }) => [v.number, v.message])).toEqual([
      [2, 'faster'],
      [1, 'first'],
    ]);
    expect(list.versions[0].savedAt).toBeGreaterThanOrEqual(list.versions[1].savedAt);

    const v1 = (await call({ method: 'GET', url: `/api/pipelines/${id}/versions/1` })).json();
    expect(v1.document.nodes[0].params.ratePerSec).toBe(2000);

    const restored = await call({ method: 'POST', url: `/api/pipelines/${id}/versions/1/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ version: 3 });
    const current = (await call({ method: 'GET', url: `/api/pipelines/${id}` })).json();
    expect(current.document.nodes[0].params.ratePerSec).toBe(2000);
    expect(current.version).toBe(3);
    const after = (await call({ method: 'GET', url: `/api/pipelines/${id}/versions` })).json();
    expect(after.versions[0]).toMatchObject({ number: 3, message: 'restored version 1' });
  });

  it('stores the current file and each version in canonical form: two saves are byte-identical', async () => {
    const doc = generatorPipeline('Canonical');
    const { id } = (await call({ method: 'POST', url: '/api/pipelines', payload: doc })).json();
    const file = path.join(dataDir(), 'pipelines', `${id}.json`);
    const first = readFileSync(file, 'utf8');
    const shuffled = structuredClone(doc);
    shuffled.nodes.reverse();
    shuffled.edges?.reverse();
    await call({ method: 'PUT', url: `/api/pipelines/${id}`, payload: shuffled });
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(readdirSync(path.join(dataDir(), 'pipelines', `${id}.versions`))).toEqual(['v000001.json']);
  });

  it('answers 404 with the code of the contract for an unknown pipeline or version', async () => {
    const missing = await call({ method: 'GET', url: '/api/pipelines/nope/versions' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not-found' });
    const { id } = (
      await call({ method: 'POST', url: '/api/pipelines', payload: generatorPipeline() })
    ).json();
    const noVersion = await call({ method: 'POST', url: `/api/pipelines/${id}/versions/7/restore` });
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.json().message).toBe(`pipeline "${id}" has no version 7`);
  });
});
