import type { FieldType } from '@eventide/shared';

/** Why a node (or one of its params) does not translate to Flink SQL. */
export interface Refusal {
  node: string;
  /** Param path inside the node, e.g. "aggregations.1.fn" or "steps.0.contiguity"; "" for the node. */
  path: string;
  reason: string;
  /** Character range inside an expression param, for the editor's underline. */
  start?: number;
  end?: number;
}

/** A column of a Flink table or view: its Eventide field type and its SQL type. */
export interface Column {
  name: string;
  type: FieldType;
  sql: string;
}

/**
 * What one output port of a node became in the script: the table or view to read, its columns
 * (without the hidden `rowtime`), and whether it carries a `rowtime` event-time attribute.
 */
export interface Relation {
  name: string;
  columns: Column[];
  rowtime: boolean;
}

export const ROWTIME = '`rowtime`';

/** The SQL type that holds an Eventide field type; undefined for types Flink cannot carry as a column. */
export function sqlTypeOf(type: FieldType): string | undefined {
  switch (type) {
    case 'number':
      return 'DOUBLE';
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return undefined;
  }
}
