/**
 * Eventide's expression language front end (browser + Node): parsing, checking, completion, and the
 * table of builtins the engine implements. See parse.ts for why cel-js is used as a parser only.
 */
import type { ExprAst } from './ast.js';

export type { BinaryOp, ExprAst, ExprError, LiteralValue, LogicalOp, MacroName, UnaryOp } from './ast.js';
/** The AST node of one kind, e.g. `ExprNodeOf<'call'>`. */
export type ExprNodeOf<K extends ExprAst['kind']> = Extract<ExprAst, { kind: K }>;
export {
  checkAst,
  checkExpression,
  type ExprCheckOptions,
  type ExprCheckResult,
  type ExprScope,
  isNumericString,
  parseBoolString,
} from './check.js';
export {
  completionsAt,
  type ExprCompletion,
  type ExprCompletionKind,
  type ExprCompletions,
} from './complete.js';
export { FIELD_TYPES, type FieldSchema, type FieldType } from './field-schema.js';
export { parseDuration, parseTimestamp } from './formats.js';
export {
  BUILTIN_FUNCTIONS,
  BUILTIN_MACROS,
  type BuiltinFunction,
  type BuiltinMacro,
  type BuiltinOverload,
  type ExprArgType,
  findBuiltin,
  findMacro,
  formatOverload,
  typeFits,
  UNAVAILABLE_FUNCTIONS,
} from './functions.js';
export { type ExprParseResult, exprSourceText, MAX_EXPRESSION_DEPTH, parseExpression } from './parse.js';
export { type CompiledRe2, compileRe2Pattern, type Re2Pattern } from './re2.js';
export { closestName, editDistance } from './suggest.js';
