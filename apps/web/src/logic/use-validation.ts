import { type PipelineDocument, type ValidationResult, validateDocument } from '@eventide/shared';
import { useDocumentStore } from '../stores/document-store';

/** Validation is pure in the document: compute it once per document version, shared by every view. */
const cache = new WeakMap<PipelineDocument, ValidationResult>();
let last: { doc: PipelineDocument; result: ValidationResult } | null = null;

/**
 * True when two documents differ at most in layout (node positions, panel places), which cannot
 * change the verdict: dragging then costs no validation (13 ms per pass at 100 nodes).
 */
export function sameSemantics(a: PipelineDocument, b: PipelineDocument): boolean {
  if (a.edges !== b.edges || a.settings !== b.settings || a.name !== b.name) return false;
  const ap = a.layout.dashboard.panels;
  const bp = b.layout.dashboard.panels;
  if (a.nodes.length !== b.nodes.length || ap.length !== bp.length) return false;
  const sameNodes = a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return (
      m !== undefined && n.id === m.id && n.kind === m.kind && n.params === m.params && n.label === m.label
    );
  });
  return sameNodes && ap.every((p, i) => p.node === bp[i]?.node);
}

export function validationOf(doc: PipelineDocument): ValidationResult {
  let result = cache.get(doc);
  if (!result) {
    result = last && sameSemantics(last.doc, doc) ? last.result : validateDocument(doc);
    cache.set(doc, result);
  }
  last = { doc, result };
  return result;
}

export function useValidation(): ValidationResult {
  return validationOf(useDocumentStore((s) => s.doc));
}
