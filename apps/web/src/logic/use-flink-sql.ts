import { compileToFlinkSql, type FlinkSqlResult } from '@eventide/flink-sql';
import type { PipelineDocument, ValidationIssue } from '@eventide/shared';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { sameSemantics } from './use-validation';

/** The Flink SQL of a document version, compiled once (layout-only changes reuse the last result). */
const cache = new WeakMap<PipelineDocument, FlinkSqlResult>();
let last: { doc: PipelineDocument; result: FlinkSqlResult } | null = null;

export function flinkSqlOf(doc: PipelineDocument): FlinkSqlResult {
  let result = cache.get(doc);
  if (!result) {
    result = last && sameSemantics(last.doc, doc) ? last.result : compileToFlinkSql(doc);
    cache.set(doc, result);
  }
  last = { doc, result };
  return result;
}

/** The open pipeline's Flink SQL while the panel is open, else null (nothing is compiled). */
export function useFlinkSql(): FlinkSqlResult | null {
  const doc = useDocumentStore((s) => s.doc);
  const open = useEditorStore((s) => s.flinkOpen);
  return open ? flinkSqlOf(doc) : null;
}

/** Refusals as canvas issues, so a node that does not translate is badged like an invalid one. */
export function refusalIssues(result: FlinkSqlResult | null): ValidationIssue[] {
  if (!result) return [];
  return result.refusals
    .filter((r) => r.node && !r.reason.startsWith('invalid document'))
    .map((r) => ({ severity: 'error', node: r.node, path: r.path, message: `Flink: ${r.reason}` }));
}
