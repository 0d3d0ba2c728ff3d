import { describe, expect, test } from 'vitest';
import {
  CATEGORIES,
  catalogJson,
  defaultParams,
  getKind,
  NODE_KINDS,
  newNodeParams,
  portsOf,
  type StreamInfo,
} from './index.js';
import { EMPTY_STREAM } from './stream.js';

// The node kinds DESIGN.md lists for the first release.
const FIRST_RELEASE = [
  'source.generator',
  'source.http-ingest',
  'source.websocket-ingest',
  'source.file-replay',
  'time.assign-timestamps',
  'transform.filter',
  'transform.map',
  'transform.key-by',
  'transform.union',
  'transform.route',
  'transform.dedupe',
  'transform.micro-batch',
  'window.tumbling',
  'window.sliding',
  'window.session',
  'window.count',
  'cep.pattern',
  'join.window-join',
  'join.interval-join',
  // Added for the Nexmark suite (issue 13).
  'join.regular',
  'window.top-n',
  // Added for Nexmark q4: the average of each category's closed auctions, as a running aggregate.
  'window.running',
  'sink.line-chart',
  'sink.bar-chart',
  'sink.table',
  'sink.stat',
  'sink.event-log',
  'sink.websocket-out',
  'sink.webhook',
  'sink.file',
  'sink.console',
];
// Connectors to external systems (issue 11).
const CONNECTORS = ['source.kafka', 'sink.kafka', 'source.mqtt', 'sink.mqtt', 'sink.postgres'];

describe('node catalog', () => {
  test('declares exactly the first release kinds, each once', () => {
    const kinds = NODE_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...kinds].sort()).toEqual([...FIRST_RELEASE, ...CONNECTORS].sort());
  });

  test.each(NODE_KINDS.map((k) => [k.kind, k] as const))(
    '%s is complete and self-consistent',
    (kind, spec) => {
      expect(kind.startsWith(`${spec.category === 'cep' ? 'cep' : spec.category}.`)).toBe(true);
      expect(CATEGORIES.map((c) => c.id)).toContain(spec.category);
      expect(spec.label.length).toBeGreaterThan(2);
      expect(spec.description.length).toBeGreaterThan(20);
      const params = defaultParams(kind);
      const { inputs, outputs } = portsOf(kind, params);
      expect(new Set(inputs.map((p) => p.id)).size).toBe(inputs.length);
      expect(new Set(outputs.map((p) => p.id)).size).toBe(outputs.length);
      // Inference gives a stream for every output port, even with nothing connected.
      const inferred = spec.inferOutputs(params, Object.fromEntries(inputs.map((p) => [p.id, EMPTY_STREAM])));
      expect(Object.keys(inferred).sort()).toEqual(outputs.map((p) => p.id).sort());
      if (spec.category === 'source') expect(inputs).toEqual([]);
      if (spec.category === 'sink') expect(outputs).toEqual([]);
    },
  );

  test('window results carry key fields, bounds, firing kind and typed aggregates', () => {
    const spec = getKind('window.tumbling')!;
    const params = spec.params.parse({
      sizeMs: 5000,
      keyBy: ['sensor'],
      aggregations: [
        { name: 'avg_temp', fn: 'avg', field: 'temperature' },
        { name: 'hottest', fn: 'max', field: 'temperature' },
        { name: 'p99', fn: 'percentile', field: 'temperature', quantile: 0.99 },
        { name: 'sensors', fn: 'collect', field: 'sensor', limit: 5 },
      ],
    });
    const upstream = {
      schema: { fields: { sensor: 'string', temperature: 'number', ts: 'number' }, open: false },
      key: null,
      eventTime: true,
    } as const;
    const out = spec.inferOutputs(params, { in: upstream }).out!;
    expect(out.schema.fields).toEqual({
      sensor: 'string',
      window_start: 'number',
      window_end: 'number',
      window_fire: 'string',
      avg_temp: 'number',
      hottest: 'number',
      p99: 'number',
      sensors: 'list',
    });
    expect(out.key).toEqual(['sensor']);
  });

  test('a new pattern node emits summary rows, one per burst; documents without the params keep step lists', () => {
    const spec = getKind('cep.pattern')!;
    const fresh = newNodeParams('cep.pattern');
    expect(fresh).toMatchObject({ emit: 'summary', skip: { strategy: 'skipPastLastEvent' } });
    expect(defaultParams('cep.pattern')).toMatchObject({ emit: 'steps', skip: { strategy: 'noSkip' } });
    // the default step is a whole step (its own defaults filled), as the engine and translators read it
    expect(fresh.steps).toEqual([
      expect.objectContaining({ name: 'first', quantifier: { kind: 'once' }, contiguity: 'relaxed' }),
    ]);
    const upstream: StreamInfo = {
      schema: { fields: { user: 'string', events: 'string', ts: 'number' }, open: false },
      key: ['user'],
      eventTime: true,
    };
    const out = spec.inferOutputs(spec.params.parse(fresh), { in: upstream }).out!;
    expect(out.schema.fields).toEqual({
      key: 'string',
      events: 'number',
      first_time: 'number',
      last_time: 'number',
      user: 'string',
      ts: 'number',
    });
    const unkeyed = spec.inferOutputs(spec.params.parse(fresh), { in: { ...upstream, key: null } }).out!;
    expect(Object.keys(unkeyed.schema.fields)).not.toContain('key');
    // every other kind starts from its schema defaults
    for (const k of NODE_KINDS.filter((k) => k.kind !== 'cep.pattern'))
      expect(newNodeParams(k.kind)).toEqual(defaultParams(k.kind));
  });

  test('a window without its own key inherits the key-by key', () => {
    const spec = getKind('window.sliding')!;
    const upstream: StreamInfo = {
      schema: { fields: { page: 'string' }, open: false },
      key: ['page'],
      eventTime: true,
    };
    const out = spec.inferOutputs(spec.params.parse({}), { in: upstream }).out!;
    expect(Object.keys(out.schema.fields)[0]).toBe('page');
  });

  test('route has one port per route plus unmatched and error', () => {
    const ports = portsOf('transform.route', {
      routes: [
        { port: 'hot', condition: 'true' },
        { port: 'cold', condition: 'true' },
      ],
    });
    expect(ports.outputs.map((p) => p.id)).toEqual(['hot', 'cold', 'unmatched', 'error']);
  });

  test('join output prefixes right fields that collide with left ones', () => {
    const spec = getKind('join.interval-join')!;
    const left = {
      schema: { fields: { user: 'string', ts: 'number' }, open: false },
      key: null,
      eventTime: true,
    } as const;
    const right = {
      schema: { fields: { user: 'string', ts: 'number', amount: 'number' }, open: false },
      key: null,
      eventTime: true,
    } as const;
    const out = spec.inferOutputs(spec.params.parse({ leftKey: ['user'], rightKey: ['user'] }), {
      left,
      right,
    }).out!;
    expect(out.schema.fields).toEqual({
      user: 'string',
      ts: 'number',
      right_user: 'string',
      right_ts: 'number',
      amount: 'number',
    });
  });

  test('catalogJson is plain JSON with a params JSON Schema per kind', () => {
    const json = catalogJson();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    const tumbling = json.find((k) => k.kind === 'window.tumbling')!;
    expect(tumbling.defaults).toMatchObject({ sizeMs: 5000, offsetMs: 0, timeMode: 'event' });
    expect((tumbling.paramsSchema as any).properties.sizeMs).toMatchObject({
      type: 'integer',
      ui: 'duration',
      unit: 'ms',
    });
    const filter = json.find((k) => k.kind === 'transform.filter')!;
    expect((filter.paramsSchema as any).properties.condition).toMatchObject({
      ui: 'expression',
      role: 'condition',
    });
  });

  test('param validation reports zod paths', () => {
    const r = getKind('window.tumbling')!.params.safeParse({
      sizeMs: -5,
      aggregations: [{ name: 'x', fn: 'avg' }],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('sizeMs');
    expect(paths).toContain('aggregations.0.field');
  });

  test('max_by and min_by need a by field, which no other aggregation takes', () => {
    const issues = (aggregations: unknown[]) =>
      getKind('window.tumbling')!
        .params.safeParse({ sizeMs: 1000, aggregations })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues([{ name: 'w', fn: 'max_by', field: 'bidder' }])).toEqual([
      'aggregations.0.by: max_by needs a by field, e.g. price',
    ]);
    expect(issues([{ name: 'w', fn: 'max', field: 'price', by: 'price' }])).toEqual([
      'aggregations.0.by: by applies to max_by and min_by only',
    ]);
    expect(issues([{ name: 'w', fn: 'min_by', field: 'bidder', by: 'price' }])).toEqual([]);
    // Without a field, the whole event of the maximum.
    expect(issues([{ name: 'w', fn: 'max_by', by: 'price' }])).toEqual([]);
  });
});
