import { type PipelineDocument, type ValidationResult, validateDocument } from '@eventide/shared';
import { useDocumentStore } from '../stores/document-store';

/** Validation is pure in the document: compute it once per document version, shared by every view. */
const cache = new WeakMap<PipelineDocument, ValidationResult>();

export function validationOf(doc: PipelineDocument): ValidationResult {
  let result = cache.get(doc);
  if (!result) {
    result = validateDocument(doc);
    cache.set(doc, result);
  }
  return result;
}

export function useValidation(): ValidationResult {
  return validationOf(useDocumentStore((s) => s.doc));
}
