import { FlinkSQL } from 'dt-sql-parser';

/**
 * dt-sql-parser's FlinkSQL grammar rejects a few constructs that Flink 2.2 accepts (each one runs in
 * the differential suite on a real Flink). Before checking, each is rewritten to a construct of the
 * same shape that the grammar knows; syntax.test.ts proves the grammar still rejects every original,
 * so an entry that is no longer needed is noticed.
 */
export const ALLOW_LIST: { name: string; example: string; rewrite: (sql: string) => string }[] = [
  {
    name: 'SESSION window table function (with or without PARTITION BY)',
    example:
      "SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(rowtime), INTERVAL '3' SECOND));",
    rewrite: (sql) =>
      sql.replace(/SESSION\((TABLE [^\s,)]+)(?: PARTITION BY [^)]*?)?, DESCRIPTOR/g, 'TUMBLE($1, DESCRIPTOR'),
  },
  {
    name: 'MATCH_RECOGNIZE quantifier {n}',
    example:
      'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY rowtime MEASURES FIRST(a.x) AS m ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (a{3}) DEFINE a AS a.x = 1);',
    rewrite: (sql) => sql.replace(/(`[^`]+`|\b[A-Za-z_]\w*)\{\d+(?:,\d*)?\}/g, '$1+'),
  },
  {
    name: 'MATCH_RECOGNIZE logical offset FIRST(var.field, n)',
    example:
      'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY rowtime MEASURES FIRST(a.x, 1) AS m ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (a b) DEFINE a AS x = 1, b AS x = 2);',
    rewrite: (sql) => sql.replace(/\bFIRST\(([^(),]+), \d+\)/g, 'FIRST($1)'),
  },
  {
    name: 'ARRAY_AGG aggregate (Flink 1.20+)',
    example: 'SELECT ARRAY_AGG(x) FROM t;',
    rewrite: (sql) => sql.replace(/\bARRAY_AGG\(/g, 'COUNT('),
  },
  {
    name: 'aggregate FILTER (WHERE ...) clause',
    example: 'SELECT COUNT(*) FILTER (WHERE x > 1) FROM t;',
    rewrite: withoutFilterClauses,
  },
  {
    // After the FILTER entry: the running aggregate's filtered sums are COALESCE(SUM(...) FILTER (...) OVER (...), 0E0).
    name: 'OVER aggregate inside an expression (COALESCE of a running sum)',
    example:
      'SELECT COALESCE(SUM(x) OVER (PARTITION BY k ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0E0) AS n FROM t;',
    rewrite: (sql) => sql.replace(/COALESCE\((\w+\((?:[^()]|\([^()]*\))*\) OVER \([^()]*\)), 0E0\)/g, '$1'),
  },
];

/** The SQL without its ` FILTER (WHERE ...)` clauses, the condition's own parentheses included. */
function withoutFilterClauses(sql: string): string {
  const opening = ' FILTER (WHERE ';
  let out = sql;
  for (let at = out.indexOf(opening); at !== -1; at = out.indexOf(opening, at)) {
    let depth = 1;
    let end = at + opening.length;
    for (; end < out.length && depth > 0; end++) {
      if (out[end] === '(') depth++;
      else if (out[end] === ')') depth--;
    }
    out = out.slice(0, at) + out.slice(end);
  }
  return out;
}

const parser = new FlinkSQL();

/** Syntax errors of a script per dt-sql-parser's FlinkSQL grammar, with the allow-list applied. */
export function flinkSyntaxErrors(sql: string, allow = true): string[] {
  const text = allow ? ALLOW_LIST.reduce((s, a) => a.rewrite(s), sql) : sql;
  return parser.validate(text).map((e) => `line ${e.startLine}: ${e.message}`);
}
