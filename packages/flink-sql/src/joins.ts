import type { NodeContext } from './context.js';
import { columnAs, epochMs, ident, interval, relationName } from './sql-text.js';
import type { Column, Relation } from './types.js';
import { windowTableInput } from './windows.js';

const same = (field: string) => field;

/**
 * Left columns, then right columns; a right column whose name the left has becomes right_<name> (the
 * engine's rule). `leftColumn` / `rightColumn` name a field's column in what L and R read.
 */
function joinedColumns(
  left: Relation,
  right: Relation,
  leftColumn = same,
  rightColumn = same,
): { select: string[]; cols: Column[] } {
  const names = new Set(left.columns.map((c) => c.name));
  const select = left.columns.map((c) => columnAs(leftColumn(c.name), c.name, 'L.'));
  const cols = [...left.columns];
  for (const c of right.columns) {
    const name = names.has(c.name) ? `right_${c.name}` : c.name;
    select.push(columnAs(rightColumn(c.name), name, 'R.'));
    cols.push({ ...c, name });
  }
  return { select, cols };
}

/** The key equalities of the ON clause. */
function keysEqual(keys: [string, string][], leftColumn = same, rightColumn = same): string[] {
  return keys.map(([l, r]) => `L.${ident(leftColumn(l))} = R.${ident(rightColumn(r))}`);
}

function joinInputs(
  ctx: NodeContext,
): { left: Relation; right: Relation; keys: [string, string][] } | undefined {
  const left = ctx.input('left');
  const right = ctx.input('right');
  if (!left || !right) return undefined;
  const p = ctx.params('join');
  if (p.timeMode === 'processing') {
    ctx.refuse('timeMode', 'processing-time joins are not translated');
    return undefined;
  }
  if (!left.rowtime || !right.rowtime) {
    ctx.refuse('', 'both inputs need Flink event time: put time.assign-timestamps right after each source');
    return undefined;
  }
  ctx.warn(
    '',
    "rows later than their source's maxOutOfOrdernessMs pair differently: Flink drops a late row once its periodic watermark (every 200 ms) has passed it, which depends on processing speed, where the embedded engine judges lateness per batch; rows within the bound give the same pairs on both",
  );
  const keys: [string, string][] = [];
  for (const [i, l] of p.leftKey.entries()) {
    const r = p.rightKey[i] ?? '';
    if (!left.columns.some((c) => c.name === l)) {
      ctx.refuse(`leftKey.${i}`, `"${l}" is not a column of the left input`);
      return undefined;
    }
    if (!right.columns.some((c) => c.name === r)) {
      ctx.refuse(`rightKey.${i}`, `"${r}" is not a column of the right input`);
      return undefined;
    }
    keys.push([l, r]);
  }
  return { left, right, keys };
}

/**
 * window-join as Flink's window join: both sides TUMBLE'd, joined on key and window bounds. The
 * pair's window_start and window_end replace an input column of those names (the engine sets them
 * last); such a column is renamed before the TUMBLE, which adds its own (windows.ts).
 */
export function windowJoin(ctx: NodeContext) {
  const j = joinInputs(ctx);
  if (!j) return;
  const size = interval(ctx.params('join').sizeMs);
  const l = windowTableInput(ctx, j.left, { port: 'left' });
  const r = windowTableInput(ctx, j.right, { port: 'right' });
  for (const side of [l, r]) if (side.renameView) ctx.create(side.renameView);
  const tumble = (rel: Relation) =>
    `(\n  SELECT * FROM TABLE(TUMBLE(TABLE ${rel.name}, DESCRIPTOR(\`rowtime\`), ${size}))\n)`;
  const joined = joinedColumns(j.left, j.right, l.inName, r.inName);
  const kept = joined.cols.flatMap((c, i) =>
    c.name === 'window_start' || c.name === 'window_end' ? [] : [{ col: c, sql: joined.select[i] as string }],
  );
  const on = [
    ...keysEqual(j.keys, l.inName, r.inName),
    'L.window_start = R.window_start',
    'L.window_end = R.window_end',
  ];
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${[...kept.map((k) => k.sql), `${epochMs('L.window_start')} AS \`window_start\``, `${epochMs('L.window_end')} AS \`window_end\``].join(',\n  ')}\nFROM ${tumble(l.source)} L\nJOIN ${tumble(r.source)} R\nON ${on.join(' AND ')}`,
  );
  ctx.output('out', {
    name,
    columns: [
      ...kept.map((k) => k.col),
      { name: 'window_start', type: 'number', sql: 'BIGINT' },
      { name: 'window_end', type: 'number', sql: 'BIGINT' },
    ],
    rowtime: false,
  });
}

/**
 * join.regular as Flink's interval join of rows less than ttlMs apart (the engine's TTL pairs events
 * `|tL - tR| < ttlMs`, so the bounds are exclusive). A left join is a LEFT JOIN: Flink emits a left
 * row without a pair, right columns NULL, once the watermark passes its time plus the TTL, as the
 * engine does when the row leaves its state. Flink's regular join would keep rows by processing-time
 * TTL instead, which gives other pairs on a replay.
 */
export function regularJoin(ctx: NodeContext) {
  const j = joinInputs(ctx);
  if (!j) return;
  const p = ctx.params('join.regular');
  const ttl = interval(p.ttlMs);
  const { select, cols } = joinedColumns(j.left, j.right);
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM ${j.left.name} L\n${p.type === 'left' ? 'LEFT JOIN' : 'JOIN'} ${j.right.name} R\nON ${[...keysEqual(j.keys), `R.\`rowtime\` > L.\`rowtime\` - ${ttl}`, `R.\`rowtime\` < L.\`rowtime\` + ${ttl}`].join(' AND ')}`,
  );
  ctx.output('out', { name, columns: cols, rowtime: false });
}

/** interval-join as Flink's interval join: R.rowtime BETWEEN L.rowtime + lower AND L.rowtime + upper (inclusive, as the engine). */
export function intervalJoin(ctx: NodeContext) {
  const j = joinInputs(ctx);
  if (!j) return;
  const p = ctx.params('join');
  const bound = (ms: number) =>
    ms === 0 ? 'L.`rowtime`' : `L.\`rowtime\` ${ms < 0 ? '-' : '+'} ${interval(Math.abs(ms))}`;
  const { select, cols } = joinedColumns(j.left, j.right);
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM ${j.left.name} L\nJOIN ${j.right.name} R\nON ${[...keysEqual(j.keys), `R.\`rowtime\` BETWEEN ${bound(p.lowerBoundMs)} AND ${bound(p.upperBoundMs)}`].join(' AND ')}`,
  );
  ctx.output('out', { name, columns: cols, rowtime: false });
}
