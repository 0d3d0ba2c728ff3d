import type { NodeContext } from './context.js';
import { type ExprScope, translateExpr } from './expr.js';
import { ident, relationName } from './sql-text.js';
import { type Column, type Relation, ROWTIME, sqlTypeOf } from './types.js';

/** Column list of a SELECT that passes a relation through (its rowtime too). */
export function passColumns(rel: Relation, qualifier = ''): string {
  return [
    ...rel.columns.map((c) => `${qualifier}${ident(c.name)}`),
    ...(rel.rowtime ? [`${qualifier}${ROWTIME}`] : []),
  ].join(', ');
}

/** Translates an expression of the node, refusing it at `path` when it does not translate. */
export function expr(ctx: NodeContext, path: string, source: string, scope: ExprScope) {
  const t = translateExpr(source, scope);
  if (!t.ok) {
    ctx.refuse(path, t.message, t);
    return undefined;
  }
  for (const w of t.warnings) ctx.warn(path, w);
  return t.expr;
}

/** Error ports carry what the engine could not evaluate; Flink fails the job instead, so a wired error port is refused. */
export function refuseErrorPort(ctx: NodeContext): boolean {
  if (!ctx.connected('error')) return false;
  ctx.refuse(
    '',
    'its error port is connected: Flink SQL has no per-event error output (a failing expression fails the job)',
  );
  return true;
}

export function filter(ctx: NodeContext) {
  const input = ctx.input();
  if (!input || refuseErrorPort(ctx)) return;
  const cond = expr(ctx, 'condition', ctx.params('transform.filter').condition, { columns: input.columns });
  if (!cond) return;
  const name = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${passColumns(input)}\nFROM ${input.name}\nWHERE ${cond.sql}`,
  );
  ctx.output('out', { ...input, name });
}

export function map(ctx: NodeContext) {
  const input = ctx.input();
  if (!input || refuseErrorPort(ctx)) return;
  const p = ctx.params('transform.map');
  const fields = new Map<string, { sql: string; col: Column }>();
  if (p.keepInput) for (const c of input.columns) fields.set(c.name, { sql: ident(c.name), col: c });
  let ok = true;
  p.fields.forEach((f, i) => {
    const e = expr(ctx, `fields.${i}.expr`, f.expr, { columns: input.columns });
    if (!e) {
      ok = false;
      return;
    }
    const sql = sqlTypeOf(e.type);
    if (!sql) {
      ctx.refuse(`fields.${i}.expr`, `its type (${e.type}) is not known to be a number, string or boolean`);
      ok = false;
      return;
    }
    fields.delete(f.name);
    fields.set(f.name, { sql: `${e.sql} AS ${ident(f.name)}`, col: { name: f.name, type: e.type, sql } });
  });
  if (!ok) return;
  const name = relationName('v_', ctx.node.id);
  const select = [...[...fields.values()].map((f) => f.sql), ...(input.rowtime ? [ROWTIME] : [])];
  ctx.create(`CREATE TEMPORARY VIEW ${name} AS\nSELECT ${select.join(',\n  ')}\nFROM ${input.name}`);
  ctx.output('out', { name, columns: [...fields.values()].map((f) => f.col), rowtime: input.rowtime });
}

/** key-by only tells downstream windows and patterns their key: the relation passes unchanged. */
export function keyBy(ctx: NodeContext) {
  const input = ctx.input();
  if (input) ctx.output('out', input);
}

export function route(ctx: NodeContext) {
  const input = ctx.input();
  if (!input || refuseErrorPort(ctx)) return;
  const p = ctx.params('transform.route');
  const conds: string[] = [];
  for (const [i, r] of p.routes.entries()) {
    const e = expr(ctx, `routes.${i}.condition`, r.condition, { columns: input.columns });
    if (!e) return;
    // IS TRUE: a condition that is NULL (a missing field) does not match, as in the engine.
    conds.push(`(${e.sql}) IS TRUE`);
  }
  const view = (port: string, where: string) => {
    const name = relationName('v_', ctx.node.id, port);
    ctx.create(
      `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${passColumns(input)}\nFROM ${input.name}\nWHERE ${where}`,
    );
    ctx.output(port, { ...input, name });
  };
  p.routes.forEach((r, i) => {
    if (!ctx.connected(r.port)) return;
    const earlier = p.mode === 'first' ? conds.slice(0, i).map((c) => `NOT ${c}`) : [];
    view(r.port, [conds[i], ...earlier].join(' AND '));
  });
  if (ctx.connected('unmatched')) view('unmatched', conds.map((c) => `NOT ${c}`).join(' AND '));
}

/** The input port already merges every edge (see NodeContext.input): union is that merge. */
export function union(ctx: NodeContext) {
  const input = ctx.input();
  if (input) ctx.output('out', input);
}

/** micro-batch only groups writes; when it feeds sinks only, the rows the sinks write are the same. */
export function microBatch(ctx: NodeContext) {
  const input = ctx.input();
  if (!input) return;
  ctx.warn('', 'Flink sinks batch their own writes: micro-batch passes rows through unchanged');
  ctx.output('out', input);
}
