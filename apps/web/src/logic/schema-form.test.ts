import { describe, expect, it } from 'vitest';
import { paramsSchemaOf } from './catalog';
import { formFields, labelFor, sampleValue } from './schema-form';

const controls = (kind: string) =>
  Object.fromEntries(formFields(paramsSchemaOf(kind)).map((f) => [f.key, f.control.kind]));

describe('form generation from the catalog params schema', () => {
  it('maps the ui hints and JSON types of a tumbling window to controls', () => {
    expect(controls('window.tumbling')).toEqual({
      sizeMs: 'duration',
      offsetMs: 'duration',
      keyBy: 'fields',
      aggregations: 'list',
      allowedLatenessMs: 'duration',
      earlyFireMs: 'duration',
      timeMode: 'enum',
    });
  });

  it('describes list items as nested forms: an aggregation has name, fn (enum), field (field picker)', () => {
    const aggs = formFields(paramsSchemaOf('window.tumbling')).find((f) => f.key === 'aggregations')!;
    expect(aggs.control.kind).toBe('list');
    if (aggs.control.kind !== 'list') return;
    const item = aggs.control.itemControl;
    expect(item.kind).toBe('object');
    if (item.kind !== 'object') return;
    expect(Object.fromEntries(item.fields.map((f) => [f.key, f.control.kind]))).toMatchObject({
      name: 'string',
      fn: 'enum',
      field: 'field',
      quantile: 'number',
      limit: 'number',
    });
    expect(item.fields.find((f) => f.key === 'name')?.required).toBe(true);
    expect(item.fields.find((f) => f.key === 'field')?.required).toBe(false);
  });

  it('finds expressions with their role, integers, booleans and nested objects', () => {
    const filter = formFields(paramsSchemaOf('transform.filter'))[0]!;
    expect(filter.control).toEqual({ kind: 'expression', role: 'condition', example: 'temperature > 30' });
    const gen = formFields(paramsSchemaOf('source.generator'));
    expect(gen.find((f) => f.key === 'seed')?.control).toMatchObject({ kind: 'number', integer: true });
    expect(gen.find((f) => f.key === 'preset')?.control).toEqual({
      kind: 'enum',
      options: ['sensors', 'logins', 'clicks', 'trades', 'nexmark'],
    });
    const pattern = formFields(paramsSchemaOf('cep.pattern'));
    expect(pattern.find((f) => f.key === 'skip')?.control.kind).toBe('object');
  });

  it("carries an enum's options in words: every skip strategy is explained", () => {
    const skip = formFields(paramsSchemaOf('cep.pattern')).find((f) => f.key === 'skip')!;
    if (skip.control.kind !== 'object') throw new Error('skip is an object');
    const strategy = skip.control.fields.find((f) => f.key === 'strategy')!.control;
    if (strategy.kind !== 'enum') throw new Error('strategy is an enum');
    expect(Object.keys(strategy.docs ?? {}).sort()).toEqual([...strategy.options].sort());
    expect(strategy.docs?.skipPastLastEvent).toMatch(/one match per burst/);
  });

  it('makes a valid new list item: an aggregation gets a name and the first function', () => {
    const aggs = paramsSchemaOf('window.tumbling').properties!.aggregations!;
    expect(sampleValue(aggs.items!, { listKey: 'aggregations', index: 1 })).toEqual({
      name: 'aggregation2',
      fn: 'count',
    });
    const steps = paramsSchemaOf('cep.pattern').properties!.steps!;
    const step = sampleValue(steps.items!, { listKey: 'steps', index: 1 }) as Record<string, unknown>;
    expect(step).toMatchObject({
      name: 'step2',
      condition: 'true',
      contiguity: 'relaxed',
      quantifier: { kind: 'once' },
    });
    expect(step).not.toHaveProperty('until');
    const routes = paramsSchemaOf('transform.route').properties!.routes!;
    expect(sampleValue(routes.items!, { listKey: 'routes', index: 1 })).toEqual({
      port: 'route2',
      condition: 'true',
    });
  });

  it('labels params in words, dropping the ms suffix of durations', () => {
    expect(labelFor('maxOutOfOrdernessMs', { ui: 'duration' })).toBe('Max out of orderness');
    expect(labelFor('ratePerSec')).toBe('Rate per sec');
  });
});
