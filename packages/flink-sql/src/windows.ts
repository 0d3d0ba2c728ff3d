import type { Aggregation } from '@eventide/shared';
import type { NodeContext } from './context.js';
import { columnAs, epochMs, ident, interval, relationName } from './sql-text.js';
import { expr } from './transforms.js';
import type { Column, Relation } from './types.js';

const WINDOW_COLUMNS = ['window_start', 'window_end', 'window_time'];

/**
 * An aggregation's SQL and result column, or the reason it has no Flink equivalent. `where` is the
 * translated condition of a filtered aggregation (count where, sum where): SQL's FILTER (WHERE ...).
 * `over` follows each aggregate call: an OVER clause for the running aggregate. Flink 2.2 refuses
 * FILTER there ("OVER must be applied to aggregate function"), so an OVER aggregate reads
 * CASE WHEN where THEN value END instead: the rows it leaves NULL are the rows FILTER skips.
 */
function aggregate(
  a: Aggregation,
  input: Relation,
  where?: string,
  over = '',
): { sql: string; col: Column } | { reason: string } {
  const field = a.field ? input.columns.find((c) => c.name === a.field) : undefined;
  if (a.field && !field) return { reason: `field "${a.field}" is not a column of the Flink table` };
  const inCase = where !== undefined && over !== '';
  const value = a.field ? ident(a.field) : '';
  const f = inCase ? `CASE WHEN ${where} THEN ${value || '1'} END` : value;
  const only = `${where && !inCase ? ` FILTER (WHERE ${where})` : ''}${over}`;
  const num = (sql: string): { sql: string; col: Column } => ({
    sql,
    col: { name: a.name, type: 'number', sql: 'DOUBLE' },
  });
  const same = (sql: string) => ({
    sql,
    col: { name: a.name, type: field?.type ?? 'any', sql: field?.sql ?? 'STRING' },
  });
  switch (a.fn) {
    case 'count':
      return {
        sql: a.field || inCase ? `COUNT(${f})${only}` : `COUNT(*)${only}`,
        col: { name: a.name, type: 'number', sql: 'BIGINT' },
      };
    case 'sum':
      // The engine's sum of a window whose values are all missing is 0; SQL's is NULL.
      return num(`COALESCE(SUM(CAST(${f} AS DOUBLE))${only}, 0E0)`);
    case 'avg':
      return num(`AVG(CAST(${f} AS DOUBLE))${only}`);
    case 'min':
      return same(`MIN(${f})${only}`);
    case 'max':
      return same(`MAX(${f})${only}`);
    case 'distinct_count':
      return { sql: `COUNT(DISTINCT ${f})${only}`, col: { name: a.name, type: 'number', sql: 'BIGINT' } };
    case 'first':
      return same(`FIRST_VALUE(${f})${only}`);
    case 'last':
      return same(`LAST_VALUE(${f})${only}`);
    case 'collect':
      return {
        // The engine keeps the earliest `limit` values by event time; Flink aggregates in arrival order.
        sql: `ARRAY_SLICE(ARRAY_AGG(${f})${only}, 1, ${a.limit ?? 100})`,
        col: { name: a.name, type: 'list', sql: `ARRAY<${field?.sql ?? 'STRING'}>` },
      };
    case 'percentile':
      return {
        reason: 'percentile has no Flink SQL aggregate (the engine uses a DDSketch with 1 % relative error)',
      };
    case 'top_n':
      return { reason: 'top_n has no Flink SQL aggregate' };
    case 'max_by':
    case 'min_by':
      return { reason: `${a.fn} has no Flink SQL aggregate (Flink 2.2 has no ARG_MAX / ARG_MIN)` };
  }
}

/**
 * One warning for all of a node's `where` conditions (a list of identical ones buries the others):
 * an event whose condition fails is an error in Eventide, left out of `scope`, where Flink only skips
 * it in that aggregation.
 */
function warnFiltered(ctx: NodeContext, names: string[], scope: string) {
  if (names.length > 0)
    ctx.warn(
      'aggregations',
      `${names.map((n) => `"${n}"`).join(', ')} where: an event whose condition cannot be evaluated (a field missing) leaves ${scope} in Eventide, as an error; in Flink the condition is NULL and only that aggregation skips the row`,
    );
}

/**
 * The columns of `input` that the key fields name; each one that is not a column (or is an upstream
 * window_time) is refused at its keyBy path (`ownKey`: the node's own keyBy, else the upstream key).
 * Null when one was refused.
 */
function keyColumns(ctx: NodeContext, input: Relation, key: string[], ownKey: boolean): Column[] | null {
  const cols: Column[] = [];
  let ok = true;
  for (const [i, k] of key.entries()) {
    const col = input.columns.find((c) => c.name === k);
    const path = ownKey ? `keyBy.${i}` : '';
    if (col && k === 'window_time')
      ctx.refuse(path, 'keying a window by the upstream window_time is not translated');
    else if (!col) ctx.refuse(path, `key field "${k}" is not a column of the Flink table`);
    else {
      cols.push(col);
      continue;
    }
    ok = false;
  }
  return ok ? cols : null;
}

/**
 * A node's aggregations as SQL over `source`: each `where` translated (one warning for all of them,
 * see warnFiltered), each refused at its path when `refusal` or aggregate() gives a reason.
 * `inName` maps an aggregated field to its column of `source`; `over` is aggregate()'s. Null when
 * one was refused.
 */
function aggregationColumns(
  ctx: NodeContext,
  list: readonly Aggregation[],
  source: Relation,
  options: {
    scope: string;
    refusal?: (a: Aggregation) => string | undefined;
    inName?: (field: string) => string;
    over?: string;
  },
): { sql: string; col: Column }[] | null {
  const aggs: { sql: string; col: Column }[] = [];
  const filtered: string[] = [];
  let ok = true;
  for (const [i, a] of list.entries()) {
    const reason = options.refusal?.(a);
    if (reason !== undefined) {
      ctx.refuse(`aggregations.${i}.fn`, reason);
      ok = false;
      continue;
    }
    const where = a.where
      ? expr(ctx, `aggregations.${i}.where`, a.where, { columns: source.columns })
      : undefined;
    if (a.where && !where) {
      ok = false;
      continue;
    }
    if (where) filtered.push(a.name);
    const field = a.field && options.inName ? { ...a, field: options.inName(a.field) } : a;
    const r = aggregate(field, source, where?.sql, options.over);
    if ('reason' in r) {
      ctx.refuse(`aggregations.${i}.fn`, r.reason);
      ok = false;
      continue;
    }
    aggs.push(r);
  }
  warnFiltered(ctx, filtered, options.scope);
  return ok ? aggs : null;
}

/** The window params windowPreconditions reads; a kind without one passes 0. */
export interface WindowTiming {
  timeMode: 'event' | 'processing';
  offsetMs: number;
  allowedLatenessMs: number;
  earlyFireMs: number;
}

/** The rules every window kind shares (the top-N too): event time, no offset, lateness, early firing, the late port. */
export function windowPreconditions(ctx: NodeContext, input: Relation, p: WindowTiming): boolean {
  let ok = true;
  if (p.timeMode === 'processing') {
    ctx.refuse(
      'timeMode',
      'processing-time windows are not translated: their results depend on the wall clock',
    );
    ok = false;
  } else if (!input.rowtime) {
    ctx.refuse('', 'the input has no Flink event time: put time.assign-timestamps right after the source');
    ok = false;
  }
  if (p.offsetMs > 0) {
    // Measured on Flink 2.2 (differential runs): TUMBLE with an offset left out every other window
    // (88 of 148 rows) and HOP with an offset the early ones; without the offset the rows were equal.
    ctx.refuse(
      'offsetMs',
      'Flink 2.2 window table functions with an offset lost whole windows in the differential test',
    );
    ok = false;
  }
  if (p.allowedLatenessMs > 0) {
    ctx.refuse(
      'allowedLatenessMs',
      'Flink SQL window table functions drop late rows; they never update a fired window',
    );
    ok = false;
  }
  if (ctx.connected('late')) {
    ctx.refuse('', 'its late port is connected: Flink SQL drops late rows and has no late output');
    ok = false;
  }
  if (p.earlyFireMs > 0)
    ctx.warn(
      'earlyFireMs',
      'Flink SQL window table functions emit final results only: no early results (window_fire = "early")',
    );
  return ok;
}

/**
 * The relation a window table function reads. Over window results the TVF would add a second
 * window_start/window_end/window_time, so the input's own columns of those names are renamed first
 * (in_window_start ...) in a view named after the node and `port`, which the caller creates once it
 * knows the node translates; `boundsAsDouble` casts them (see top-n.ts). `inName` maps an input
 * field to its column in `source`.
 */
export function windowTableInput(
  ctx: NodeContext,
  input: Relation,
  { port = 'in', boundsAsDouble = false }: { port?: string; boundsAsDouble?: boolean } = {},
): { source: Relation; renameView: string | undefined; inName: (field: string) => string } {
  const clash = input.columns.some((c) => WINDOW_COLUMNS.includes(c.name));
  if (!clash) return { source: input, renameView: undefined, inName: (f) => f };
  const inName = (f: string) => (WINDOW_COLUMNS.includes(f) ? `in_${f}` : f);
  const renamed = relationName('v_', ctx.node.id, port);
  const select = input.columns.map((c) =>
    boundsAsDouble && inName(c.name) !== c.name
      ? `CAST(${ident(c.name)} AS DOUBLE) AS ${ident(inName(c.name))}`
      : columnAs(c.name, inName(c.name)),
  );
  const renamedColumn = (c: Column): Column =>
    boundsAsDouble ? { name: inName(c.name), type: 'number', sql: 'DOUBLE' } : { ...c, name: inName(c.name) };
  return {
    source: {
      name: renamed,
      columns: input.columns.map((c) => (inName(c.name) === c.name ? c : renamedColumn(c))),
      rowtime: true,
    },
    renameView: `CREATE TEMPORARY VIEW ${renamed} AS\nSELECT ${[...select, '`rowtime`'].join(', ')}\nFROM ${input.name}`,
    inName,
  };
}

/**
 * tumbling / sliding / session windows as TUMBLE / HOP / SESSION table functions grouped by
 * window_start, window_end and the key; window bounds come out as epoch milliseconds and
 * window_time (end - 1 ms, Eventide's result time) becomes the rowtime of the result.
 */
export function window(ctx: NodeContext, kind: 'tumbling' | 'sliding' | 'session') {
  const input = ctx.input();
  if (!input) return;
  const p = ctx.params('window');
  // window.session has no offsetMs param (the 'window' params type lists every window kind's).
  let ok = windowPreconditions(ctx, input, kind === 'session' ? { ...p, offsetMs: 0 } : p);
  if (kind === 'sliding' && p.sizeMs % p.slideMs !== 0) {
    // Measured on Flink 2.2: "HOP table function based aggregate requires size must be an integral multiple of slide".
    ctx.refuse('slideMs', "Flink's HOP windows need the size to be a whole multiple of the slide");
    ok = false;
  }
  if (p.dynamicGap !== undefined) {
    ctx.refuse(
      'dynamicGap',
      "Flink SQL's SESSION windows have one gap for every row (withDynamicGap is DataStream only)",
    );
    ok = false;
  }
  const key = p.keyBy.length > 0 ? p.keyBy : ctx.upstreamKey();
  // Keyed by an upstream window bound (a window over window results, per window_end): the engine's
  // result then carries its own bounds in place of that key field, so the key is grouped by but not
  // selected. Grouped as it is, Flink 2.2's planner failed ("Field names must be unique"); as a
  // DOUBLE (exact for epoch ms) it plans and gives the engine's rows (top-n.ts measured the same).
  const byBound = (k: string) => k === 'window_start' || k === 'window_end';
  const { source, renameView, inName } = windowTableInput(ctx, input, { boundsAsDouble: key.some(byBound) });
  const keyCols = keyColumns(ctx, input, key, p.keyBy.length > 0);
  const aggs = aggregationColumns(ctx, p.aggregations, source, {
    scope: 'the whole window',
    inName,
    // Measured on Flink 2.2: the planner rejects these in session windows ("Could not find an implementation method 'merge'").
    refusal: (a) =>
      kind === 'session' && (a.fn === 'first' || a.fn === 'last' || a.fn === 'collect')
        ? `${a.fn} in a session window: Flink merges session accumulators and its ${a.fn === 'collect' ? 'ARRAY_AGG' : a.fn === 'first' ? 'FIRST_VALUE' : 'LAST_VALUE'} cannot merge`
        : undefined,
  });
  if (!ok || !keyCols || !aggs) return;
  if (renameView) ctx.create(renameView);
  const table = `TABLE ${source.name}`;
  const tvf =
    kind === 'tumbling'
      ? `TUMBLE(${table}, DESCRIPTOR(\`rowtime\`), ${interval(p.sizeMs)}${p.offsetMs ? `, ${interval(p.offsetMs)}` : ''})`
      : kind === 'sliding'
        ? `HOP(${table}, DESCRIPTOR(\`rowtime\`), ${interval(p.slideMs)}, ${interval(p.sizeMs)}${p.offsetMs ? `, ${interval(p.offsetMs)}` : ''})`
        : `SESSION(${table}${keyCols.length ? ` PARTITION BY ${keyCols.map((c) => ident(inName(c.name))).join(', ')}` : ''}, DESCRIPTOR(\`rowtime\`), ${interval(p.gapMs)})`;
  const keys = keyCols.map((c) => ident(inName(c.name)));
  const selectedKeys = keyCols.filter((c) => !byBound(c.name));
  const select = [
    ...selectedKeys.map((c) => ident(c.name)),
    `${epochMs('window_start')} AS \`window_start\``,
    `${epochMs('window_end')} AS \`window_end\``,
    `'final' AS \`window_fire\``,
    ...aggs.map((a) => `${a.sql} AS ${ident(a.col.name)}`),
    'window_time AS `rowtime`',
  ];
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM TABLE(${tvf})\nGROUP BY ${[...keys, 'window_start', 'window_end', 'window_time'].join(', ')}`,
  );
  ctx.output('out', {
    name,
    columns: [
      ...selectedKeys,
      { name: 'window_start', type: 'number', sql: 'BIGINT' },
      { name: 'window_end', type: 'number', sql: 'BIGINT' },
      { name: 'window_fire', type: 'string', sql: 'STRING' },
      ...aggs.map((a) => a.col),
    ],
    rowtime: true,
  });
}

/** Aggregations the differential suite ran as OVER aggregates on Flink 2.2 with Eventide's rows. */
const RUNNING_AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);

/**
 * window.running as Flink's OVER aggregation: each row with aggregates OVER (PARTITION BY key ORDER
 * BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW). Flink also sorts rows by rowtime
 * at the watermark and gives the rows of one time the same value (RANGE), as the engine does; the
 * result keeps the rowtime.
 */
export function runningAggregate(ctx: NodeContext) {
  const input = ctx.input();
  if (!input) return;
  const p = ctx.params('window.running');
  let ok = windowPreconditions(ctx, input, { ...p, offsetMs: 0, allowedLatenessMs: 0, earlyFireMs: 0 });
  if (p.stateTtlMs > 0) {
    ctx.refuse(
      'stateTtlMs',
      "Flink's state TTL (table.exec.state.ttl) counts processing time: which rows start over would depend on the wall clock",
    );
    ok = false;
  }
  const key = p.keyBy.length > 0 ? p.keyBy : ctx.upstreamKey();
  const keyCols = keyColumns(ctx, input, key, p.keyBy.length > 0);
  const partition = keyCols?.length ? `PARTITION BY ${keyCols.map((c) => ident(c.name)).join(', ')} ` : '';
  const over = ` OVER (${partition}ORDER BY \`rowtime\` RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  const aggs = aggregationColumns(ctx, p.aggregations, input, {
    scope: 'its key’s totals and the output',
    over,
    refusal: (a) =>
      RUNNING_AGGREGATES.has(a.fn)
        ? undefined
        : `${a.fn} as a running aggregate is not translated (count, sum, avg, min and max are)`,
  });
  if (!ok || !keyCols || !aggs) return;
  // An aggregation named like an input field replaces it, as in the engine's rows.
  const kept = input.columns.filter((c) => !aggs.some((a) => a.col.name === c.name));
  const name = relationName('v_', ctx.node.id);
  const select = [
    ...kept.map((c) => ident(c.name)),
    ...aggs.map((a) => `${a.sql} AS ${ident(a.col.name)}`),
    '`rowtime`',
  ];
  ctx.create(`CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM ${input.name}`);
  ctx.output('out', { name, columns: [...kept, ...aggs.map((a) => a.col)], rowtime: true });
}

export function countWindow(ctx: NodeContext) {
  ctx.refuse('size', 'count windows have no Flink SQL window table function');
}
