import type { Event } from '@eventide/engine';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { csvValue, splitCsvLine } from '../csv.js';

/** How source.kafka turns a message into an event. */
export interface MessageFormat {
  format: 'json' | 'csv' | 'raw';
  csvColumns: string[];
  valueField: string;
  keyField: string;
  headersField: string;
}

export type ParsedMessage = { event: Event } | { error: string };

/**
 * One message as an event, or why not (the error port then gets topic, partition, offset, value).
 * JSON values must be objects; CSV values are one record of csvColumns; raw values go into valueField.
 */
export function parseKafkaMessage(message: KafkaMessage, f: MessageFormat): ParsedMessage {
  const text = message.value === null ? '' : message.value.toString('utf8');
  let event: Event;
  if (f.format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { error: `value is not JSON: ${(err as Error).message}` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { error: `value is JSON but not an object: ${text.slice(0, 40)}` };
    event = parsed as Event;
  } else if (f.format === 'csv') {
    let cells: string[];
    try {
      cells = splitCsvLine(text);
    } catch (err) {
      return { error: `value is not a CSV record: ${(err as Error).message}` };
    }
    if (cells.length !== f.csvColumns.length)
      return { error: `CSV record has ${cells.length} cells, csvColumns names ${f.csvColumns.length}` };
    event = {};
    for (let i = 0; i < cells.length; i++) event[f.csvColumns[i] as string] = csvValue(cells[i] as string);
  } else {
    event = { [f.valueField]: text };
  }
  if (f.keyField !== '') event[f.keyField] = message.key === null ? null : message.key.toString('utf8');
  if (f.headersField !== '') event[f.headersField] = headersOf(message.headers);
  return { event };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
