import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { buildJsonSchema } from './json-schema.js';
import { loadDocument, type Migration, migrate } from './load.js';

const examplesDir = new URL('../../../../examples/', import.meta.url);
// examples/ and its folders (examples/nexmark/).
const examples = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8'))] as const);

describe('JSON Schema', () => {
  const checkedIn = JSON.parse(readFileSync(new URL('../../pipeline.schema.json', import.meta.url), 'utf8'));

  test('the checked-in pipeline.schema.json is up to date (run `pnpm --filter @eventide/shared schema`)', () => {
    expect(checkedIn).toEqual(buildJsonSchema());
  });

  test.each(examples)('example %s validates against it', (_name, example) => {
    const validate = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false }).compile(
      checkedIn,
    );
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  test('it rejects a node whose params do not fit its kind', () => {
    const validate = new Ajv2020.default({ strict: false, validateFormats: false }).compile(checkedIn);
    const bad = structuredClone(examples[0]![1]);
    bad.nodes.find((n: { kind: string }) => n.kind === 'source.generator').params.preset = 'weather';
    expect(validate(bad)).toBe(false);
  });
});

describe('loadDocument', () => {
  test('fills defaults of the current version', () => {
    const r = loadDocument({ version: 2, name: 'x', nodes: [{ id: 'a', kind: 'source.generator' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBeNull();
    expect(r.document.settings.microBatch).toEqual({ maxEvents: 512, maxDelayMs: 20 });
    expect(r.document.nodes[0]).toEqual({ id: 'a', kind: 'source.generator', params: {} });
    expect(r.document.layout).toEqual({ positions: {}, dashboard: { panels: [] } });
    expect(r.document.edges).toEqual([]);
  });

  test('migrates version 1: positions and dashboard move into layout, the logic is unchanged', () => {
    const v1 = {
      version: 1,
      name: 'old',
      nodes: [
        { id: 'g', kind: 'source.generator', params: { seed: 3 }, position: { x: 10, y: 20 } },
        { id: 't', kind: 'sink.table', position: { x: 300, y: 20 } },
        { id: 'c', kind: 'sink.console' },
      ],
      edges: [{ id: 'e1', source: 'g', target: 't' }],
      dashboard: { panels: [{ node: 't', x: 0, y: 0, w: 6, h: 4 }] },
    };
    const r = loadDocument(v1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(1);
    expect(r.document.version).toBe(2);
    expect(r.document.nodes).toEqual([
      { id: 'g', kind: 'source.generator', params: { seed: 3 } },
      { id: 't', kind: 'sink.table', params: {} },
      { id: 'c', kind: 'sink.console', params: {} },
    ]);
    expect(r.document.layout).toEqual({
      positions: { g: { x: 10, y: 20 }, t: { x: 300, y: 20 } },
      dashboard: { panels: [{ node: 't', x: 0, y: 0, w: 6, h: 4 }] },
    });
    expect(r.document.edges).toHaveLength(1);
  });

  test('runs the migrations of older versions in order', () => {
    // A pretend history with versions 1..3 exercises the chain a real version 2 will use.
    const order: number[] = [];
    const migrations: Record<number, Migration> = {
      1: (d) => {
        order.push(1);
        return { ...d, nodes: d.operators, operators: undefined };
      },
      2: (d) => {
        order.push(2);
        return { ...d, name: d.title, title: undefined };
      },
    };
    const r = migrate({ version: 1, title: 'old', operators: [{ id: 'a' }] }, migrations, 3);
    expect(order).toEqual([1, 2]);
    expect(r).toMatchObject({ ok: true, from: 1, doc: { version: 3, name: 'old', nodes: [{ id: 'a' }] } });
    expect(migrate({ version: 2, title: 'x' }, { 1: migrations[1]! }, 3)).toEqual({
      ok: false,
      message: 'version: no migration from 2 to 3',
    });
    expect(migrate({ version: 4 }, migrations, 3)).toEqual({
      ok: false,
      message: 'version: 4 is newer than this Eventide (reads up to 3)',
    });
  });

  test('refuses what it cannot read, with a reason', () => {
    expect(loadDocument([])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'a pipeline document is a JSON object' }],
    });
    expect(loadDocument({ version: 'one' })).toMatchObject({ ok: false });
    const r = loadDocument({ version: 1, name: '', nodes: [] });
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'name' }] });
  });
});

describe('loadDocument: per-kind params migrations', () => {
  const countNode = (params: Record<string, unknown>) => ({ id: 'c', kind: 'window.count', params });

  test('migrates a window.count written at params version 1 and records version 2', () => {
    const r = loadDocument({ version: 1, name: 'old', nodes: [countNode({ size: 10, slide: 5 })] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.nodes[0]?.params).toEqual({ sizeEvents: 10, slideEvents: 5 });
    expect(r.document.kindVersions).toEqual({ 'window.count': 2 });
  });

  test('leaves params of the current version alone', () => {
    const r = loadDocument({
      version: 1,
      name: 'new',
      kindVersions: { 'window.count': 2 },
      nodes: [countNode({ sizeEvents: 3, size: 'kept as written' })],
    });
    expect(r.ok && r.document.nodes[0]?.params).toEqual({ sizeEvents: 3, size: 'kept as written' });
  });

  test('a document with only version-1 kinds carries no kindVersions', () => {
    const r = loadDocument({ version: 1, name: 'x', nodes: [{ id: 'f', kind: 'transform.filter' }] });
    expect(r.ok && r.document.kindVersions).toBeUndefined();
  });

  test('refuses a params version newer than the kind, naming the node', () => {
    const r = loadDocument({
      version: 1,
      name: 'x',
      kindVersions: { 'window.count': 9 },
      nodes: [countNode({})],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: 'nodes.0.params',
          node: 'c',
          message: 'node c: window.count: params version 9 is newer than this Eventide (reads up to 2)',
        },
      ],
    });
  });
});
