import type { FieldSchema, FieldType } from '../expr/field-schema.js';
import type { Aggregation } from './params.js';
import type { StreamInfo } from './types.js';

export const EMPTY_STREAM: StreamInfo = { schema: { fields: {}, open: true }, key: null, eventTime: false };

export function closedSchema(fields: Record<string, FieldType>): FieldSchema {
  return { fields, open: false };
}

export function fieldType(schema: FieldSchema, name: string): FieldType {
  return schema.fields[name] ?? 'any';
}

/** The input on a port, or an open unknown stream when nothing is connected yet. */
export function input(inputs: Record<string, StreamInfo>, port = 'in'): StreamInfo {
  return inputs[port] ?? EMPTY_STREAM;
}

/** The key a keyed operator uses: its own key fields, else the one set upstream. */
export function effectiveKey(own: string[], upstream: StreamInfo): string[] {
  return own.length > 0 ? own : (upstream.key ?? []);
}

export function aggregateType(a: Aggregation, schema: FieldSchema): FieldType {
  switch (a.fn) {
    case 'count':
    case 'sum':
    case 'avg':
    case 'distinct_count':
    case 'percentile':
      return 'number';
    case 'min':
    case 'max':
    case 'first':
    case 'last':
    case 'max_by':
    case 'min_by':
      return a.field ? fieldType(schema, a.field) : 'any';
    case 'top_n':
    case 'collect':
      return 'list';
  }
}

/** The fields of a window result: key fields, window bounds, the firing kind, then the aggregates. */
export function windowResultSchema(
  upstream: StreamInfo,
  key: string[],
  aggregations: Aggregation[],
): FieldSchema {
  const fields: Record<string, FieldType> = {};
  for (const k of key) fields[k] = fieldType(upstream.schema, k);
  fields.window_start = 'number';
  fields.window_end = 'number';
  fields.window_fire = 'string';
  for (const a of aggregations) fields[a.name] = aggregateType(a, upstream.schema);
  return closedSchema(fields);
}

/** Union of two schemas; a field typed differently on each side becomes 'any'. */
export function mergeSchemas(a: FieldSchema, b: FieldSchema): FieldSchema {
  const fields: Record<string, FieldType> = { ...a.fields };
  for (const [name, type] of Object.entries(b.fields)) {
    const existing = fields[name];
    fields[name] = existing === undefined || existing === type ? type : 'any';
  }
  return { fields, open: a.open || b.open };
}
