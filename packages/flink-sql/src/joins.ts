import type { NodeContext } from './context.js';
import { epochMs, ident, interval, relationName } from './sql-text.js';
import type { Column, Relation } from './types.js';

/** Left columns, then right columns; a right column whose name the left has becomes right_<name> (the engine's rule). */
function joinedColumns(left: Relation, right: Relation): { select: string[]; cols: Column[] } {
  const names = new Set(left.columns.map((c) => c.name));
  const select = left.columns.map((c) => `L.${ident(c.name)}`);
  const cols = [...left.columns];
  for (const c of right.columns) {
    const name = names.has(c.name) ? `right_${c.name}` : c.name;
    select.push(name === c.name ? `R.${ident(c.name)}` : `R.${ident(c.name)} AS ${ident(name)}`);
    cols.push({ ...c, name });
  }
  return { select, cols };
}

function joinInputs(ctx: NodeContext): { left: Relation; right: Relation; on: string[] } | undefined {
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
  const on: string[] = [];
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
    on.push(`L.${ident(l)} = R.${ident(r)}`);
  }
  return { left, right, on };
}

/** window-join as Flink's window join: both sides TUMBLE'd, joined on key and window bounds. */
export function windowJoin(ctx: NodeContext) {
  const j = joinInputs(ctx);
  if (!j) return;
  const size = interval(ctx.params('join').sizeMs);
  const tumble = (rel: Relation) =>
    `(\n  SELECT * FROM TABLE(TUMBLE(TABLE ${rel.name}, DESCRIPTOR(\`rowtime\`), ${size}))\n)`;
  const { select, cols } = joinedColumns(j.left, j.right);
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${[...select, `${epochMs('L.window_start')} AS \`window_start\``, `${epochMs('L.window_end')} AS \`window_end\``].join(',\n  ')}\nFROM ${tumble(j.left)} L\nJOIN ${tumble(j.right)} R\nON ${[...j.on, 'L.window_start = R.window_start', 'L.window_end = R.window_end'].join(' AND ')}`,
  );
  ctx.output('out', {
    name,
    columns: [
      ...cols,
      { name: 'window_start', type: 'number', sql: 'BIGINT' },
      { name: 'window_end', type: 'number', sql: 'BIGINT' },
    ],
    rowtime: false,
  });
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
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM ${j.left.name} L\nJOIN ${j.right.name} R\nON ${[...j.on, `R.\`rowtime\` BETWEEN ${bound(p.lowerBoundMs)} AND ${bound(p.upperBoundMs)}`].join(' AND ')}`,
  );
  ctx.output('out', { name, columns: cols, rowtime: false });
}
