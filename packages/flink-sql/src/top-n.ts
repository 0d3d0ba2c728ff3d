import type { NodeContext } from './context.js';
import { columnAs, epochMs, ident, interval, relationName } from './sql-text.js';
import type { Column } from './types.js';
import { windowPreconditions, windowTableInput } from './windows.js';

/** The rank column inside the view, named so that no input field can clash with it. */
const ROWNUM = ident('__rownum');

/**
 * window.top-n as Flink's window Top-N: the input TUMBLE'd by its rowtime, numbered per window and
 * key by ROW_NUMBER() ordered by the field and then by rowtime (the engine's tie-break: earlier event
 * time first), the rows numbered up to n kept, once per window when the watermark passes its end, at
 * window_time (end - 1 ms). Like the engine it emits the input's fields with the window bounds and
 * the rank set (an input field of those names gives way). With ties, n = 1 only (below).
 */
export function topN(ctx: NodeContext) {
  const input = ctx.input();
  if (!input) return;
  const p = ctx.params('window.top-n');
  let ok = windowPreconditions(ctx, input, { ...p, allowedLatenessMs: 0, earlyFireMs: 0 });
  // Measured on Flink 2.2: a window join keyed by an upstream window bound as it is (Nexmark q5 keys
  // by window_end) fails planning ("Field names must be unique. Found duplicates: [window_end]"); as
  // a DOUBLE (exact for epoch ms) it plans and gives the engine's rows.
  const { source, renameView, inName } = windowTableInput(ctx, input, { boundsAsDouble: p.withTies });
  const column = (field: string) => source.columns.find((c) => c.name === inName(field));
  const key = p.keyBy.length > 0 ? p.keyBy : ctx.upstreamKey();
  for (const [i, k] of key.entries())
    if (!column(k)) {
      ctx.refuse(
        p.keyBy.length > 0 ? `keyBy.${i}` : '',
        `key field "${k}" is not a column of the Flink table`,
      );
      ok = false;
    }
  if (column(p.orderBy)?.type !== 'number') {
    ctx.refuse('orderBy', `"${p.orderBy}" is not a number column of the Flink table`);
    ok = false;
  }
  if (p.withTies && p.n > 1) {
    // Measured on Flink 2.2: "RANK() function is not supported on Window TopN currently, only ROW_NUMBER() is supported".
    ctx.refuse(
      'withTies',
      "Flink's window Top-N numbers rows with ROW_NUMBER() only: ties are translated for n = 1 (a join with the window's best value), not for more",
    );
    ok = false;
  }
  if (!ok) return;
  if (renameView) ctx.create(renameView);
  const set = new Set(['window_start', 'window_end', p.rankField]);
  const kept = input.columns.filter((c) => !set.has(c.name));
  const field = ident(inName(p.orderBy));
  const tumbled = `TABLE(TUMBLE(TABLE ${source.name}, DESCRIPTOR(\`rowtime\`), ${interval(p.sizeMs)}))`;
  const select = (q: string) => [
    ...kept.map((c) => columnAs(inName(c.name), c.name, q)),
    `${epochMs(`${q}window_start`)} AS \`window_start\``,
    `${epochMs(`${q}window_end`)} AS \`window_end\``,
  ];
  const bounds: Column[] = [
    { name: 'window_start', type: 'number', sql: 'BIGINT' },
    { name: 'window_end', type: 'number', sql: 'BIGINT' },
    { name: p.rankField, type: 'number', sql: 'BIGINT' },
  ];
  const name = relationName('v_', ctx.node.id);
  if (p.withTies) {
    // RANK() <= 1: every row whose value is the best of its window and key, all ranked 1. A window
    // join with the window's MAX (MIN), append-only like the engine; its result has no rowtime.
    const best = ident('__best');
    const keys = key.map((k) => ident(inName(k)));
    const on = ['window_start', 'window_end', ...keys].map((c) => `L.${c} = R.${c}`);
    ctx.create(
      `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${[...select('L.'), `CAST(1 AS BIGINT) AS ${ident(p.rankField)}`].join(',\n  ')}\nFROM (SELECT * FROM ${tumbled}) L\nJOIN (\n  SELECT ${[...keys, 'window_start', 'window_end'].join(', ')}, ${p.descending ? 'MAX' : 'MIN'}(${field}) AS ${best}\n  FROM ${tumbled}\n  GROUP BY ${[...keys, 'window_start', 'window_end'].join(', ')}\n) R\nON ${[...on, `L.${field} = R.${best}`].join(' AND ')}`,
    );
    ctx.output('out', { name, columns: [...kept, ...bounds], rowtime: false });
    return;
  }
  const partition = ['window_start', 'window_end', ...key.map((k) => ident(inName(k)))];
  const order = `${field} ${p.descending ? 'DESC' : 'ASC'}, \`rowtime\` ASC`;
  const ranked = `SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition.join(', ')} ORDER BY ${order}) AS ${ROWNUM}\n  FROM ${tumbled}`;
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${[...select(''), `${ROWNUM} AS ${ident(p.rankField)}`, 'window_time AS `rowtime`'].join(',\n  ')}\nFROM (\n  ${ranked}\n)\nWHERE ${ROWNUM} <= ${p.n}`,
  );
  ctx.output('out', { name, columns: [...kept, ...bounds], rowtime: true });
}
