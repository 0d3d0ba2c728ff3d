import type { NodeContext } from './context.js';
import { translateExpr } from './expr.js';
import { ident, interval, relationName } from './sql-text.js';
import { type Column, sqlTypeOf } from './types.js';

const SKIP: Record<string, (step?: string) => string> = {
  skipToNext: () => 'SKIP TO NEXT ROW',
  skipPastLastEvent: () => 'SKIP PAST LAST ROW',
  skipToFirst: (s) => `SKIP TO FIRST s_${s ?? ''}`,
  skipToLast: (s) => `SKIP TO LAST s_${s ?? ''}`,
};

/**
 * cep.pattern as MATCH_RECOGNIZE, for the patterns whose matches are the same in both: every step
 * strict (next / consecutive), quantifiers once or exactly n, no negation, optional or until. Rows of
 * a partition are contiguous in MATCH_RECOGNIZE, so relaxed contiguity has no faithful form, and
 * Flink CEP's looping quantifiers emit every match length where SQL's greedy ones emit one.
 */
export function pattern(ctx: NodeContext) {
  const input = ctx.input();
  if (!input) return;
  const p = ctx.params('cep.pattern');
  let ok = true;
  const refuse = (path: string, reason: string, range?: { start: number; end: number }) => {
    ctx.refuse(path, reason, range);
    ok = false;
  };
  if (p.timeMode === 'processing') refuse('timeMode', 'processing-time patterns are not translated');
  else if (!input.rowtime)
    refuse('', 'the input has no Flink event time: put time.assign-timestamps right after the source');
  if (ctx.connected('timeout'))
    refuse('', 'its timeout port is connected: MATCH_RECOGNIZE has no output for expired partial matches');
  if (ctx.connected('late')) refuse('', 'its late port is connected: Flink drops late rows');
  const names = p.steps.map((s) => s.name);
  // Pattern variables are s_<step>: a step may be called "first" or "last", which are SQL functions.
  const v = (step: string) => `s_${step}`;
  const quantified: string[] = [];
  const defines: string[] = [];
  p.steps.forEach((s, i) => {
    const at = `steps.${i}`;
    if (i > 0 && s.contiguity !== 'strict')
      refuse(
        `${at}.contiguity`,
        `${s.contiguity} contiguity skips rows between steps; MATCH_RECOGNIZE only matches contiguous rows`,
      );
    if (s.negated) refuse(`${at}.negated`, 'negated steps (notNext / notFollowedBy) are not translated');
    if (s.optional)
      refuse(
        `${at}.optional`,
        'optional steps: Flink CEP emits matches with and without the step, SQL one of them',
      );
    if (s.until) refuse(`${at}.until`, 'until conditions have no MATCH_RECOGNIZE form');
    const q = s.quantifier;
    const n =
      q.kind === 'once'
        ? 1
        : q.kind === 'times' && (q.max === undefined || q.max === q.min)
          ? q.min
          : undefined;
    if (n === undefined)
      refuse(
        `${at}.quantifier`,
        `${q.kind}${q.max !== undefined ? ' with a max' : ''}: Flink CEP emits a match per length, MATCH_RECOGNIZE only the greedy one`,
      );
    else if (n > 1 && !s.consecutive)
      refuse(
        `${at}.consecutive`,
        'times(n) without consecutive() skips rows inside the loop: only consecutive translates',
      );
    const cond = translateExpr(s.condition, { columns: input.columns, steps: names.slice(0, i + 1) });
    if (!cond.ok) refuse(`${at}.condition`, cond.message, cond);
    else {
      defines.push(`${v(s.name)} AS ${cond.expr.sql}`);
      for (const w of cond.warnings) ctx.warn(`${at}.condition`, w);
    }
    quantified.push(n === undefined || n === 1 ? v(s.name) : `${v(s.name)}{${n}}`);
  });
  const fixedLength = p.steps.every((s) => s.quantifier.kind === 'once' || s.quantifier.kind === 'times');
  if (p.skip.strategy === 'noSkip' && !fixedLength)
    refuse('skip.strategy', 'noSkip has no MATCH_RECOGNIZE form');
  let partition = '';
  if (p.key) {
    const k = input.columns.find((c) => c.name === p.key.trim());
    if (!k) refuse('key', 'the key must be a field of the input (an expression key is not translated)');
    else partition = `PARTITION BY ${ident(k.name)}\n  `;
  }
  if (p.output.length === 0 && p.emit === 'summary')
    refuse('emit', 'a summary row is not translated: list the output fields instead');
  else if (p.output.length === 0)
    refuse(
      'output',
      'without an output projection a match is lists of events, which Flink SQL rows cannot carry',
    );
  const measures: string[] = [];
  const cols: Column[] = [];
  for (const [i, f] of p.output.entries()) {
    const e = translateExpr(f.expr, { columns: input.columns, steps: names });
    if (!e.ok) {
      refuse(`output.${i}.expr`, e.message, e);
      continue;
    }
    for (const w of e.warnings) ctx.warn(`output.${i}.expr`, w);
    const sql = e.expr.sql.includes('COUNT(') ? 'BIGINT' : sqlTypeOf(e.expr.type);
    if (!sql) {
      refuse(`output.${i}.expr`, `its type (${e.expr.type}) is not a number, string or boolean`);
      continue;
    }
    // Measures get positional names: an output field may share its name with the partition column.
    measures.push(`${e.expr.sql} AS \`m${i}\``);
    cols.push({ name: f.name, type: e.expr.type, sql });
  }
  if (!ok) return;
  // noSkip equals skipToNext when every match has one fixed length.
  const skip = (SKIP[p.skip.strategy] ?? SKIP.skipToNext)?.(p.skip.step) ?? 'SKIP TO NEXT ROW';
  const name = relationName('v_', ctx.node.id);
  const within = p.withinMs > 0 ? `\n  WITHIN ${interval(p.withinMs)}` : '';
  ctx.create(
    `CREATE TEMPORARY VIEW ${name} AS\nSELECT ${[...cols.map((c, i) => `\`m${i}\` AS ${ident(c.name)}`), '`rowtime`'].join(', ')}\nFROM ${input.name}\nMATCH_RECOGNIZE (\n  ${partition}ORDER BY \`rowtime\`\n  MEASURES\n    ${[...measures, 'MATCH_ROWTIME() AS `rowtime`'].join(',\n    ')}\n  ONE ROW PER MATCH\n  AFTER MATCH ${skip}\n  PATTERN (${quantified.join(' ')})${within}\n  DEFINE\n    ${defines.join(',\n    ')}\n)`,
  );
  ctx.output('out', { name, columns: cols, rowtime: true });
}
