/**
 * Eventide's expression evaluator: CEL source compiled to JS closures with JSON-number semantics
 * (never eval/new Function). See compile.ts for the semantics.
 */
export {
  BUILTIN_IMPLEMENTATIONS,
  type BuiltinImpl,
} from './builtins.js';
export {
  type CompiledExpression,
  type CompileOptions,
  compileExpression,
  compilePredicate,
} from './compile.js';
export { EvaluationError, ExpressionError } from './errors.js';
export {
  type CompiledKey,
  type CompiledProjection,
  compileKey,
  compileProjection,
  type ProjectionField,
} from './projection.js';
export { deepEqual, typeName } from './values.js';
