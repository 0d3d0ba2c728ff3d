import { paramsSchemaOf } from './catalog';
import { formatDuration } from './duration';
import { describePattern } from './pattern-summary';

/** Two lines keep nodes compact enough for templates laid out on a 140 px grid. */
const MAX_LINES = 2;

function formatItem(item: unknown): string {
  if (item === null || typeof item !== 'object') return String(item);
  const o = item as Record<string, unknown>;
  if (typeof o.fn === 'string') {
    const args = [o.field, o.quantile, o.by === undefined ? undefined : `by ${o.by}`].filter(
      (a) => a !== undefined,
    );
    return `${String(o.name)} = ${o.fn}(${args.join(', ')})`;
  }
  if (typeof o.expr === 'string') return `${String(o.name)} = ${o.expr}`;
  if (typeof o.port === 'string' && typeof o.condition === 'string') return `${o.port}: ${o.condition}`;
  // A declared field, a table column mapped from a field.
  if (typeof o.column === 'string' && typeof o.field === 'string') return `${o.column} ← ${o.field}`;
  if (typeof o.name === 'string' && typeof o.type === 'string') return `${o.name}: ${o.type}`;
  return JSON.stringify(item);
}

/**
 * The few parameters worth reading on the canvas, derived from the params schema: expressions,
 * fields, durations, choices, list items, and numbers that differ from their defaults.
 */
export function keyParamsSummary(kind: string, params: Record<string, unknown>): string[] {
  if (kind === 'cep.pattern') return describePattern(params).slice(0, MAX_LINES);
  const schema = paramsSchemaOf(kind);
  const lines: string[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = params[key] ?? prop.default;
    if (value === undefined || value === '') continue;
    const isDefault = JSON.stringify(value) === JSON.stringify(prop.default);
    const name = key.replace(/Ms$/, '');
    if (prop.ui === 'expression') lines.push(`${name}: ${String(value)}`);
    else if (prop.ui === 'field') lines.push(`${name}: ${String(value)}`);
    else if (prop.ui === 'fields') {
      if (Array.isArray(value) && value.length > 0) lines.push(`${name}: ${value.join(', ')}`);
    } else if (prop.ui === 'duration') {
      if (typeof value === 'number' && (value > 0 || !isDefault))
        lines.push(`${name}: ${formatDuration(value)}`);
    } else if (prop.enum) {
      if (!isDefault || lines.length === 0) lines.push(`${name}: ${String(value)}`);
    } else if (Array.isArray(value)) {
      for (const item of value) lines.push(formatItem(item));
    } else if (!isDefault && (typeof value === 'number' || typeof value === 'string'))
      lines.push(`${name}: ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
    else if (!isDefault && value === true) lines.push(name);
  }
  return packLines(lines).slice(0, MAX_LINES);
}

/** Characters of summary that fit one line of a node on the canvas. */
const LINE_CHARS = 28;

/** Joins short neighbouring lines ("size: 5 s · keyBy: sensor") so more params fit in two lines. */
export function packLines(lines: string[]): string[] {
  const packed: string[] = [];
  for (const line of lines) {
    const last = packed[packed.length - 1];
    if (last !== undefined && last.length + 3 + line.length <= LINE_CHARS)
      packed[packed.length - 1] = `${last} · ${line}`;
    else packed.push(line);
  }
  return packed;
}
