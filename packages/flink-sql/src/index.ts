export { compileToFlinkSql, slug } from './compile.js';
export type { FlinkSqlOptions, FlinkSqlResult } from './context.js';
export { translateExpr } from './expr.js';
export { splitScript } from './split-script.js';
export type { Refusal } from './types.js';
