/**
 * The one table of Eventide's builtin functions and macros. The checker (check.ts) validates calls
 * against it, the editor completes from it, and packages/engine implements every function listed here
 * (a test there fails when the two sides differ).
 */
import type { FieldType } from './field-schema.js';

/** An argument type; an array is a union. 'any' accepts everything. */
export type ExprArgType = FieldType | readonly FieldType[];

export interface BuiltinOverload {
  /** The receiver type of the method form `x.f(...)`; absent for the global form `f(...)`. */
  receiver?: ExprArgType;
  args: readonly ExprArgType[];
  /** Type of any further arguments (variadic functions). */
  rest?: ExprArgType;
  result: FieldType;
}

export interface BuiltinFunction {
  name: string;
  overloads: readonly BuiltinOverload[];
  doc: string;
}

export interface BuiltinMacro {
  name: string;
  /** global: `has(a.b)`; method: `list.exists(x, predicate)` */
  form: 'global' | 'method';
  /** accepted argument counts */
  arities: readonly number[];
  usage: string;
  result: FieldType;
  doc: string;
}

const SIZED: ExprArgType = ['string', 'list', 'map'];

export const BUILTIN_FUNCTIONS: readonly BuiltinFunction[] = [
  {
    name: 'size',
    overloads: [
      { args: [SIZED], result: 'number' },
      { receiver: SIZED, args: [], result: 'number' },
    ],
    doc: 'Length of a string (in code points), a list or a map.',
  },
  {
    name: 'contains',
    overloads: [{ receiver: 'string', args: ['string'], result: 'boolean' }],
    doc: 'Whether the string contains the given substring.',
  },
  {
    name: 'startsWith',
    overloads: [{ receiver: 'string', args: ['string'], result: 'boolean' }],
    doc: 'Whether the string starts with the given prefix.',
  },
  {
    name: 'endsWith',
    overloads: [{ receiver: 'string', args: ['string'], result: 'boolean' }],
    doc: 'Whether the string ends with the given suffix.',
  },
  {
    name: 'matches',
    overloads: [
      { args: ['string', 'string'], result: 'boolean' },
      { receiver: 'string', args: ['string'], result: 'boolean' },
    ],
    doc: 'Whether the string contains a match of the RE2 regular expression.',
  },
  {
    name: 'split',
    overloads: [{ receiver: 'string', args: ['string'], result: 'list' }],
    doc: 'The parts of the string between occurrences of the separator, empty ones kept ("a//b".split("/") == ["a", "", "b"]).',
  },
  {
    name: 'lowerAscii',
    overloads: [{ receiver: 'string', args: [], result: 'string' }],
    doc: 'The string with ASCII letters in lower case.',
  },
  {
    name: 'upperAscii',
    overloads: [{ receiver: 'string', args: [], result: 'string' }],
    doc: 'The string with ASCII letters in upper case.',
  },
  {
    name: 'trim',
    overloads: [{ receiver: 'string', args: [], result: 'string' }],
    doc: 'The string without leading and trailing white space.',
  },
  {
    name: 'int',
    overloads: [{ args: [['number', 'string']], result: 'number' }],
    doc: 'A number truncated toward zero; a numeric string is parsed first.',
  },
  {
    name: 'double',
    overloads: [{ args: [['number', 'string']], result: 'number' }],
    doc: 'A number; a numeric string is parsed.',
  },
  {
    name: 'string',
    overloads: [{ args: ['any'], result: 'string' }],
    doc: 'The value as a string (lists and maps as JSON).',
  },
  {
    name: 'bool',
    overloads: [{ args: [['boolean', 'string']], result: 'boolean' }],
    doc: 'A boolean; the strings "true"/"false" (also "t", "f", "1", "0", "TRUE", "FALSE") are parsed.',
  },
  { name: 'abs', overloads: [{ args: ['number'], result: 'number' }], doc: 'Absolute value.' },
  {
    name: 'floor',
    overloads: [{ args: ['number'], result: 'number' }],
    doc: 'Largest integer <= the number.',
  },
  {
    name: 'ceil',
    overloads: [{ args: ['number'], result: 'number' }],
    doc: 'Smallest integer >= the number.',
  },
  {
    name: 'round',
    overloads: [{ args: ['number'], result: 'number' }],
    doc: 'Nearest integer; halves are rounded away from zero (round(-2.5) == -3).',
  },
  {
    name: 'min',
    overloads: [{ args: ['number', 'number'], rest: 'number', result: 'number' }],
    doc: 'Smallest of two or more numbers.',
  },
  {
    name: 'max',
    overloads: [{ args: ['number', 'number'], rest: 'number', result: 'number' }],
    doc: 'Largest of two or more numbers.',
  },
  {
    name: 'timestamp',
    overloads: [{ args: ['string'], result: 'number' }],
    doc: 'Epoch milliseconds of an ISO-8601 timestamp ("2024-05-01T12:00:00Z"); without an offset, UTC.',
  },
  {
    name: 'duration',
    overloads: [{ args: ['string'], result: 'number' }],
    doc: 'Milliseconds of a duration such as "5s", "1m30s", "250ms", "1.5h".',
  },
];

export const BUILTIN_MACROS: readonly BuiltinMacro[] = [
  {
    name: 'has',
    form: 'global',
    arities: [1],
    usage: 'has(a.b)',
    result: 'boolean',
    doc: 'Whether the field is present (also has(field) for a top-level event field).',
  },
  {
    name: 'all',
    form: 'method',
    arities: [2],
    usage: 'list.all(x, predicate)',
    result: 'boolean',
    doc: 'Whether the predicate holds for every element.',
  },
  {
    name: 'exists',
    form: 'method',
    arities: [2],
    usage: 'list.exists(x, predicate)',
    result: 'boolean',
    doc: 'Whether the predicate holds for at least one element.',
  },
  {
    name: 'exists_one',
    form: 'method',
    arities: [2],
    usage: 'list.exists_one(x, predicate)',
    result: 'boolean',
    doc: 'Whether the predicate holds for exactly one element.',
  },
  {
    name: 'map',
    form: 'method',
    arities: [2, 3],
    usage: 'list.map(x, expr) or list.map(x, filter, expr)',
    result: 'list',
    doc: 'The list of expr for each element (that passes the filter).',
  },
  {
    name: 'filter',
    form: 'method',
    arities: [2],
    usage: 'list.filter(x, predicate)',
    result: 'list',
    doc: 'The elements for which the predicate holds.',
  },
];

/** Functions deliberately not provided, with the reason shown to the user. */
export const UNAVAILABLE_FUNCTIONS: Readonly<Record<string, string>> = {
  now:
    'now() is not available: it would make results depend on when the pipeline runs (breaking ' +
    'determinism and replay). Use the event time instead, e.g. ts or timestamp(time).',
};

const FUNCTIONS_BY_NAME = new Map(BUILTIN_FUNCTIONS.map((f) => [f.name, f]));
const MACROS_BY_NAME = new Map(BUILTIN_MACROS.map((m) => [m.name, m]));

export function findBuiltin(name: string): BuiltinFunction | undefined {
  return FUNCTIONS_BY_NAME.get(name);
}

export function findMacro(name: string): BuiltinMacro | undefined {
  return MACROS_BY_NAME.get(name);
}

export function formatArgType(t: ExprArgType): string {
  return typeof t === 'string' ? t : t.join(' | ');
}

/** `string.contains(string) -> boolean`, for completions and error messages. */
export function formatOverload(name: string, o: BuiltinOverload): string {
  const args = o.args.map(formatArgType);
  if (o.rest) args.push(`...${formatArgType(o.rest)}`);
  const recv = o.receiver ? `${formatArgType(o.receiver)}.` : '';
  return `${recv}${name}(${args.join(', ')}) -> ${o.result}`;
}

/** Whether a value of type `actual` may be passed where `expected` is declared. */
export function typeFits(actual: FieldType, expected: ExprArgType): boolean {
  if (actual === 'any') return true;
  if (typeof expected === 'string') return expected === 'any' || expected === actual;
  return expected.includes('any') || expected.includes(actual);
}
