export * from './catalog/index.js';
export { canonicalDocument, serializeDocument } from './document/canonical.js';
export {
  type ChangeStatus,
  type DocumentDiff,
  diffDocuments,
  type EdgeDiff,
  type FieldChange,
  fieldChanges,
  formatDiff,
  isEmptyDiff,
  jsonEqual,
  type NodeDiff,
} from './document/diff.js';
export { buildJsonSchema } from './document/json-schema.js';
export { type LoadResult, loadDocument, MIGRATIONS, type Migration, migrate } from './document/load.js';
export { formatConflict, type MergeConflict, type MergeResult, mergeDocuments } from './document/merge.js';
export * from './document/pipeline-tests.js';
export * from './document/schema.js';
export { isStateful, planStateCarryOver, type StateFate } from './document/state-carry-over.js';
export * from './events/check-event.js';
export * from './events/parse-json-lines.js';
export * from './expr/index.js';
export * from './protocol/api.js';
export * from './protocol/cep-state.js';
export * from './protocol/connectors.js';
export * from './protocol/flink.js';
export * from './protocol/live.js';
export * from './protocol/metrics.js';
export * from './protocol/runs.js';
export { topologicalOrder } from './validate/graph.js';
export { formatIssue, type ValidationIssue } from './validate/issues.js';
export { tapFilterProblem } from './validate/tap-filter.js';
export { type ValidationResult, validateDocument } from './validate/validate.js';
