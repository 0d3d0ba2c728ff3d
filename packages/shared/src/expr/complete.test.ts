import { describe, expect, test } from 'vitest';
import type { ExprScope } from './check.js';
import { completionsAt } from './complete.js';

const scope: ExprScope = {
  fields: {
    fields: { sensor: 'string', temperature: 'number', ts: 'number', tags: 'list', Team: 'string' },
    open: false,
  },
  variables: { first: 'list' },
};

const labels = (src: string, cursor = src.length) =>
  completionsAt(src, cursor, scope).options.map((o) => o.label);

describe('completionsAt', () => {
  test('fields, variables and functions matching the prefix at the cursor', () => {
    expect(completionsAt('temp > 3 && se', 14, scope)).toEqual({
      from: 12,
      to: 14,
      options: [{ label: 'sensor', kind: 'field', detail: 'string', type: 'string' }],
    });
    expect(labels('t')).toEqual(['tags', 'temperature', 'ts', 'timestamp', 'true', 'Team']);
    expect(labels('f')).toEqual(['first', 'floor', 'false']);
    expect(labels('si')).toEqual(['size']);
  });

  test('prefix match is case-insensitive, exact-case matches first', () => {
    expect(labels('te')).toEqual(['temperature', 'Team']);
    expect(labels('Te')).toEqual(['Team', 'temperature']);
  });

  test('in the middle of the source, only the part before the cursor is the prefix', () => {
    const src = 'tem > 3 && ok';
    expect(completionsAt(src, 2, scope)).toMatchObject({
      from: 0,
      to: 2,
      options: [{ label: 'temperature' }, { label: 'Team' }],
    });
  });

  test('after a dot: methods and macros', () => {
    expect(labels('sensor.st')).toEqual(['startsWith']);
    expect(labels('tags.ex')).toEqual(['exists', 'exists_one']);
    expect(labels('tags. m')).toEqual(['matches', 'map']);
    expect(labels('sensor.')).toContain('contains');
    expect(labels('sensor.')).not.toContain('sensor');
  });

  test('comprehension variables while their macro is open', () => {
    expect(labels('tags.exists(tag, ta')).toEqual(['tag', 'tags']);
    expect(labels('tags.exists(tag, true) && ta')).toEqual(['tags']);
  });

  test('nothing inside strings, comments and numbers', () => {
    expect(labels('sensor == "te')).toEqual([]);
    expect(labels("sensor == 'te")).toEqual([]);
    expect(labels('x // te')).toEqual([]);
    expect(labels('1.5')).toEqual([]);
    expect(labels('12')).toEqual([]);
    expect(labels('"a" + te')).toEqual(['temperature', 'Team']);
  });

  test('empty prefix offers everything that can start an operand', () => {
    const all = labels('sensor == ');
    expect(all).toEqual(expect.arrayContaining(['first', 'sensor', 'size', 'has', 'true', 'null']));
    expect(all).not.toContain('contains'); // method only
    expect(all).not.toContain('now');
  });
});
