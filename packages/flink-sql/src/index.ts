export { compileToFlinkSql, slug } from './compile.js';
export type { FlinkSqlOptions, FlinkSqlResult } from './context.js';
export { translateExpr } from './expr.js';
export type { Refusal } from './types.js';
