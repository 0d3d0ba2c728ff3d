import { formatIssue, type PipelineDocument, serializeDocument, validateDocument } from '@eventide/shared';

export type ImportResult =
  | { ok: true; document: PipelineDocument; warnings: string[] }
  | { ok: false; errors: string[] };

/**
 * Reads an imported file. Anything that is not a valid pipeline is refused with its reasons, so
 * the canvas never holds a document the server would reject.
 */
export function importDocument(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not JSON: ${(e as Error).message}`] };
  }
  const result = validateDocument(json);
  if (!result.ok || !result.document) return { ok: false, errors: result.errors.map(formatIssue) };
  return { ok: true, document: result.document, warnings: result.warnings.map(formatIssue) };
}

/** The exported file: the document in canonical form (as the server saves it), as `eventide run` accepts it. */
export function exportText(doc: PipelineDocument): string {
  return serializeDocument(doc);
}

export function exportFileName(doc: PipelineDocument): string {
  const slug = doc.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'pipeline'}.json`;
}
