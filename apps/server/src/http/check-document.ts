import { type PipelineDocument, type ValidationIssue, validateDocument } from '@eventide/shared';
import { fileParamIssues } from '../security/data-paths.js';

export type DocumentCheck =
  | { ok: true; document: PipelineDocument; warnings: ValidationIssue[] }
  | { ok: false; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** The validator of @eventide/shared plus the server's own rule: file params stay in the data directory. */
export function checkDocument(input: unknown, dataDir: string): DocumentCheck {
  const result = validateDocument(input);
  const errors = [...result.errors];
  if (result.document) errors.push(...fileParamIssues(result.document, dataDir));
  if (errors.length > 0 || !result.document) return { ok: false, errors, warnings: result.warnings };
  return { ok: true, document: result.document, warnings: result.warnings };
}
