/**
 * Eventide's own expression AST: plain, serialisable data (no BigInt, no class instances), produced
 * from the cel-js parse tree by parse.ts. Every node carries `start`/`end`, character offsets into
 * the source, so that the checker and the evaluator can point at the offending sub-expression.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
export type LogicalOp = '&&' | '||';
export type UnaryOp = '!' | '-';
export type MacroName = 'all' | 'exists' | 'exists_one' | 'map' | 'filter';
export type LiteralValue = number | string | boolean | null;

interface Span {
  start: number;
  end: number;
}

export interface LiteralNode extends Span {
  kind: 'literal';
  value: LiteralValue;
}

/** A bare name: a comprehension variable, a declared variable (CEP step) or an event field. */
export interface IdentNode extends Span {
  kind: 'ident';
  name: string;
}

/** `object.field` */
export interface SelectNode extends Span {
  kind: 'select';
  object: ExprAst;
  field: string;
  /** offset of the field name (after the dot) */
  fieldStart: number;
}

/** `object[index]` */
export interface IndexNode extends Span {
  kind: 'index';
  object: ExprAst;
  index: ExprAst;
}

export interface UnaryNode extends Span {
  kind: 'unary';
  op: UnaryOp;
  operand: ExprAst;
}

export interface BinaryNode extends Span {
  kind: 'binary';
  op: BinaryOp;
  left: ExprAst;
  right: ExprAst;
}

export interface LogicalNode extends Span {
  kind: 'logical';
  op: LogicalOp;
  left: ExprAst;
  right: ExprAst;
}

/** `test ? consequent : alternate` */
export interface ConditionalNode extends Span {
  kind: 'conditional';
  test: ExprAst;
  consequent: ExprAst;
  alternate: ExprAst;
}

export interface ListNode extends Span {
  kind: 'list';
  items: ExprAst[];
}

export interface MapNode extends Span {
  kind: 'map';
  entries: { key: ExprAst; value: ExprAst }[];
}

/** `name(args)` (target null) or `target.name(args)` (method form). */
export interface CallNode extends Span {
  kind: 'call';
  name: string;
  nameStart: number;
  nameEnd: number;
  target: ExprAst | null;
  args: ExprAst[];
}

/** `has(a.b)`; Eventide also accepts `has(field)` for a top-level event field. */
export interface HasNode extends Span {
  kind: 'has';
  operand: SelectNode | IdentNode;
}

/**
 * `range.all(v, body)`, `range.exists(v, body)`, `range.exists_one(v, body)`, `range.filter(v, body)`,
 * `range.map(v, body)` and `range.map(v, filter, body)`. Over a map the variable takes its keys.
 */
export interface ComprehensionNode extends Span {
  kind: 'comprehension';
  macro: MacroName;
  nameStart: number;
  nameEnd: number;
  range: ExprAst;
  variable: string;
  variableStart: number;
  variableEnd: number;
  /** only for the three-argument `map(v, filter, body)` */
  filter: ExprAst | null;
  body: ExprAst;
}

export type ExprAst =
  | LiteralNode
  | IdentNode
  | SelectNode
  | IndexNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ConditionalNode
  | ListNode
  | MapNode
  | CallNode
  | HasNode
  | ComprehensionNode;

/**
 * A problem in an expression, with character offsets into its source (for the editor's underline).
 * `suggestion` is the closest known name when the problem is an unknown name (a quick fix).
 */
export type ExprError = { message: string; start: number; end: number; suggestion?: string };
